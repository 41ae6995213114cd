"""RLlib PPO trained only inside DreamTakeCover-v0 on Ray env runners, then run in the real game.

Each Ray env runner steps dreamgym's native vector env (`gym_env_vectorize_mode="vector_entry_point"`: one batched
dream, one tensor op per step, not N copies), registered through `register_env`; the trained module then plays
`RealTakeCover-v0` in this process, next to the random policy on the same seeds. A local Ray starts by default;
`--address auto` (or `ray://host:10001`) joins a cluster. RLlib pins its own Gymnasium, so it gets its own
virtualenv: `pip install -e ".[rllib,test]"` (the `rllib` extra brings VizDoom but not Box2D; see the README).

Run: ``python examples/rllib_ppo_takecover.py --iterations 30 --episodes 20`` (each iteration is 2 x 64 x 64 =
8,192 dream steps).
"""

from __future__ import annotations

import argparse
from typing import Any

import gymnasium as gym
import numpy as np
import torch

DREAM = "DreamTakeCover-v0"


def make_dream(config: dict[str, Any]) -> gym.Env | gym.vector.VectorEnv:
    """The env creator of `register_env`: RLlib asks for ``num_envs`` dreams at once (the vector entry point)."""
    import dreamgym  # noqa: F401  (registers the ids inside each Ray worker)

    kwargs = {k: v for k, v in dict(config).items() if k != "num_envs"}
    if "num_envs" in config:
        return gym.make_vec(DREAM, num_envs=config["num_envs"], vectorization_mode="vector_entry_point", **kwargs)
    return gym.make(DREAM, **kwargs)


def greedy(module: Any) -> Any:
    """``obs -> action`` of an RLlib RLModule: the most likely action."""

    def act(obs: np.ndarray) -> int:
        with torch.no_grad():
            out = module.forward_inference({"obs": torch.from_numpy(np.asarray(obs, np.float32)[None])})
        return int(out["action_dist_inputs"].argmax(-1)[0])

    return act


def play_real(policy: Any, episodes: int, seed: int, weights: str | None) -> np.ndarray:
    """Returns of ``policy(obs) -> action`` in RealTakeCover-v0, episode i seeded seed + i."""
    from dreamgym.training.rollout import play_episode

    env = gym.make("RealTakeCover-v0", weights=weights)
    returns = np.array([play_episode(env, policy, seed + i) for i in range(episodes)])
    env.close()
    return returns


def main(argv: list[str] | None = None) -> dict[str, float]:
    import ray
    from ray.rllib.algorithms.ppo import PPOConfig
    from ray.tune.registry import register_env

    from dreamgym.envs import GAMES
    from dreamgym.training.policies import HeldRandomPolicy

    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--iterations", type=int, default=30, help="RLlib training iterations")
    p.add_argument("--env-runners", type=int, default=2)
    p.add_argument("--envs-per-runner", type=int, default=64, help="dreams in each runner's batched vector env")
    p.add_argument("--rollout-length", type=int, default=64, help="steps per dream per sample")
    p.add_argument("--temperature", type=float, default=1.15)
    p.add_argument("--weights", default=None)
    p.add_argument("--address", default=None, help="Ray cluster address (default: start a local Ray)")
    p.add_argument("--episodes", type=int, default=20, help="real episodes of the trained policy and of random")
    p.add_argument("--eval-seed", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)

    ray.init(address=args.address, include_dashboard=False, log_to_driver=False)
    register_env("dream", make_dream)
    env_config = {"temperature": args.temperature, "weights": args.weights}
    batch = args.env_runners * args.envs_per_runner * args.rollout_length
    config = (
        PPOConfig()
        .environment("dream", env_config=env_config)
        .env_runners(
            num_env_runners=args.env_runners,
            num_envs_per_env_runner=args.envs_per_runner,
            gym_env_vectorize_mode="vector_entry_point",
            rollout_fragment_length=args.rollout_length,
            num_cpus_per_env_runner=0.5,
        )
        .training(train_batch_size_per_learner=batch, minibatch_size=min(batch, 1024), num_epochs=4, lr=3e-4)
        .debugging(seed=args.seed)
    )
    algo = config.build_algo()
    for i in range(args.iterations):
        result = algo.train()
        ret = result.get("env_runners", {}).get("episode_return_mean", float("nan"))
        print(f"iteration {i + 1}/{args.iterations}: dream episode return mean {ret:.1f}")
    module = algo.get_module()
    algo.stop()
    ray.shutdown()
    if args.episodes < 1:
        return {}
    ppo = play_real(greedy(module), args.episodes, args.eval_seed, args.weights)
    rnd = play_real(
        HeldRandomPolicy(GAMES["takecover"], np.random.default_rng(args.seed)),
        args.episodes,
        args.eval_seed,
        args.weights,
    )
    last = args.eval_seed + args.episodes - 1
    print(f"| policy | RealTakeCover-v0, {args.episodes} episodes (seeds {args.eval_seed}..{last}) |")
    print("| --- | --- |")
    print(f"| RLlib PPO, {args.iterations} iterations of {batch} dream steps | {ppo.mean():.1f} +/- {ppo.std():.1f} |")
    print(f"| random (action held 1..10 steps) | {rnd.mean():.1f} +/- {rnd.std():.1f} |")
    return {"ppo": float(ppo.mean()), "random": float(rnd.mean())}


if __name__ == "__main__":
    main()
