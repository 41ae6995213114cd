"""PPO (Stable-Baselines3) trained only inside a dream, then run in the real game it dreams.

The agent never sees the real game during training: it learns on 64 batched dreams through `dreamgym.sb3`, then
plays the dream's real twin (same observation and action spaces) over N episodes, next to the random policy
measured by the same loop, and both again in the dream on the same seeds: a dream that overrates what its own
learner found shows it here. Needs the `rl` extra and the real game's extra (`vizdoom` or `box2d`).

Run: ``python examples/sb3_ppo_dream.py --env DreamTakeCover-v0 --timesteps 300000 --episodes 50`` (about 4
minutes on 2 cores), or ``--env DreamCarRacing-v0``, or ``--env dreamgym/Dream-v0 --weights DIR`` for a dream of
your own. ``--save FILE`` exports the trained actor as a safetensors MLP policy (how the fidelity zoos' PPO
policies were made); ``--out FILE`` writes the real returns episode by episode as JSON (a result that outlives the
log); ``--episodes 0`` skips the real game. ``--actor-hidden ''`` trains a linear actor (the
paper's controller class) beside the usual critic; ``--n-epochs`` and ``--gamma`` set PPO's passes per rollout
and discount. ``--select-every N`` scores the actor in the dream every N steps (fixed
seeds, apart from the real episodes') and keeps the checkpoint the dream scores highest, then plays both it and the
last actor: early stopping chosen by the dream, the only thing a dream-only learner may choose by.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import gymnasium as gym
import numpy as np
from stable_baselines3 import PPO

import dreamgym  # noqa: F401
from dreamgym.envs.registration import game_for_id
from dreamgym.files import write_json_atomic
from dreamgym.sb3 import DreamCheckpointSelection, export_policy, make_vec_env
from dreamgym.training.policies import HeldRandomPolicy
from dreamgym.training.rollout import play_episode


def play(policy, env_id: str, episodes: int, seed: int, weights: str | None, **kwargs) -> np.ndarray:
    """Returns of ``policy(obs) -> action`` in ``env_id`` (the real twin, or the dream with its kwargs), episode i
    seeded seed + i."""
    env = gym.make(env_id, weights=weights, **kwargs)
    returns = np.array([play_episode(env, policy, seed + i) for i in range(episodes)])
    env.close()
    return returns


def main(argv: list[str] | None = None) -> dict[str, float]:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--env", default="DreamTakeCover-v0", help="the dream to train in (a dreamgym dream id)")
    p.add_argument("--timesteps", type=int, default=300_000)
    p.add_argument("--n-envs", type=int, default=64)
    p.add_argument("--temperature", type=float, default=None, help="dream temperature (default: the game's)")
    p.add_argument("--termination", default=None, help="dream termination: threshold or sample (default: the env's)")
    p.add_argument(
        "--ensemble", default="off", help="dream ensemble mode with weights that have one: off, episode, pessimistic"
    )
    p.add_argument("--eval-seed", type=int, default=1000, help="seed of the first real episode")
    p.add_argument("--episodes", type=int, default=50)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--weights", default=None)
    p.add_argument("--save", default=None, help="export the trained actor here (safetensors MLP policy)")
    p.add_argument("--out", default=None, help="write the real returns, episode by episode, to this JSON file")
    p.add_argument(
        "--select-every", type=int, default=0, help="score the actor in the dream every N steps, keep the best (0: off)"
    )
    p.add_argument("--select-episodes", type=int, default=64, help="dream episodes per checkpoint score")
    p.add_argument("--select-seed", type=int, default=50_000, help="seed of the first checkpoint-scoring dream episode")
    p.add_argument(
        "--actor-hidden",
        default="64,64",
        help="hidden layer sizes of the actor, comma-separated ('' for a linear actor); the critic keeps 64,64",
    )
    p.add_argument("--gamma", type=float, default=0.99, help="PPO's discount factor")
    p.add_argument("--n-epochs", type=int, default=4, help="PPO's passes over each rollout of n-envs x 128 steps")
    p.add_argument(
        "--batch-size",
        type=int,
        default=1024,
        help="PPO's minibatch, steps per gradient step (a whole rollout if larger)",
    )
    args = p.parse_args(argv)
    if args.out and not Path(args.out).parent.is_dir():
        p.error(f"--out {args.out}: no directory {Path(args.out).parent} to write it in")
    if not 0.0 < args.gamma <= 1.0:
        p.error(f"--gamma {args.gamma}: a discount factor must be in (0, 1]")
    if args.n_epochs < 1:
        p.error(f"--n-epochs {args.n_epochs}: must be at least 1")
    if args.batch_size < 2:
        p.error(f"--batch-size {args.batch_size}: PPO needs at least 2 steps per minibatch")
    if args.select_every < 0 or args.select_episodes < 1:
        p.error("--select-every must be 0 (off) or positive and --select-episodes positive")
    try:
        actor_hidden = [int(n) for n in args.actor_hidden.split(",") if n.strip()]
    except ValueError:
        p.error(f"--actor-hidden {args.actor_hidden!r}: expected comma-separated layer sizes, e.g. 64,64 or ''")
    if any(n < 1 for n in actor_hidden):
        p.error(f"--actor-hidden {args.actor_hidden!r}: layer sizes must be positive")

    script = sys.argv[0] if argv is None else "examples/sb3_ppo_dream.py"
    command = f"python {script} " + " ".join(argv if argv is not None else sys.argv[1:])
    game = game_for_id(args.env, args.weights)
    dream_kwargs = {"termination": args.termination, "ensemble": args.ensemble}
    if args.temperature is not None:
        dream_kwargs["temperature"] = args.temperature
    venv = make_vec_env(args.env, n_envs=args.n_envs, seed=args.seed, weights=args.weights, **dream_kwargs)
    model = PPO(
        "MlpPolicy",
        venv,
        n_steps=128,
        batch_size=args.batch_size,
        n_epochs=args.n_epochs,
        gamma=args.gamma,
        learning_rate=3e-4,
        ent_coef=0.01,
        policy_kwargs={"net_arch": {"pi": actor_hidden, "vf": [64, 64]}},
        seed=args.seed,
        device="cpu",
        verbose=0,
    )
    selection = None
    if args.select_every:
        dream = dict(dream_kwargs, weights=args.weights)
        selection = DreamCheckpointSelection(
            args.env, args.select_every, args.select_episodes, args.select_seed, **dream
        )
    model.learn(args.timesteps, callback=selection, progress_bar=False)
    last_actor = copy.deepcopy(model.policy.state_dict())
    head: dict = {}
    if selection is not None:
        chosen_at = selection.restore_best()
        scores = ", ".join(f"{t}: {m:.1f}" for t, m in selection.history)
        print(f"the dream's scores of the actor (steps: mean over {args.select_episodes} dream episodes): {scores}")
        print(f"the dream chose the actor at {chosen_at} steps")
        head = {"selection": {"chosen_at": chosen_at, "history": selection.history, "seed": args.select_seed}}
    if args.save:
        export_policy(model, args.save, {"command": command, "timesteps": args.timesteps, "seed": args.seed})
        print(f"saved the PPO actor to {args.save}")
    if args.episodes < 1:
        return {}

    real_id = args.env.replace(game.dream_id, game.real_id)

    def ppo_policy(obs: np.ndarray) -> np.ndarray:
        return model.predict(obs, deterministic=True)[0]

    def random_policy() -> HeldRandomPolicy:
        return HeldRandomPolicy(game, np.random.default_rng(args.seed))

    tau = args.temperature if args.temperature is not None else game.default_temperature
    setting = f"tau {tau}" + (f", {args.termination} termination" if args.termination else "")
    setting += f", ensemble {args.ensemble}" if args.ensemble != "off" else ""
    episodes = (args.episodes, args.eval_seed, args.weights)
    rows = {"ppo": f"PPO, {args.timesteps} dream steps at {setting}"}
    result = {
        "ppo": play(ppo_policy, real_id, *episodes),
        "ppo_dream": play(ppo_policy, args.env, *episodes, **dream_kwargs),
    }
    if selection is not None:
        rows["ppo"] += f", the dream's checkpoint ({selection.restore_best()} steps)"
        model.policy.load_state_dict(last_actor)
        rows["ppo_last"] = f"PPO, the last actor ({args.timesteps} steps)"
        result["ppo_last"] = play(ppo_policy, real_id, *episodes)
        result["ppo_last_dream"] = play(ppo_policy, args.env, *episodes, **dream_kwargs)
        selection.restore_best()
    rows["random"] = "random (action held 1..10 steps)"
    result["random"] = play(random_policy(), real_id, *episodes)
    result["random_dream"] = play(random_policy(), args.env, *episodes, **dream_kwargs)
    last = args.eval_seed + args.episodes - 1
    print(f"| policy | {real_id}, {args.episodes} episodes (seeds {args.eval_seed}..{last}) | {args.env}, same seeds |")
    print("| --- | --- | --- |")
    for key, name in rows.items():
        real, dream = result[key], result[f"{key}_dream"]
        print(f"| {name} | {real.mean():.1f} +/- {real.std():.1f} | {dream.mean():.1f} +/- {dream.std():.1f} |")
    if args.out:
        head |= {"command": command, "real_id": real_id, "dream_id": args.env, "seeds": [args.eval_seed, last]}
        head |= {"setting": setting}
        write_json_atomic(args.out, head | {f"{k}_returns": v.tolist() for k, v in result.items()})
        print(f"wrote {args.out}")
    return {k: float(v.mean()) for k, v in result.items()}


if __name__ == "__main__":
    main()
