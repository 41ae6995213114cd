"""How a Take Cover policy moves, in the dream and in the game: does it jitter or sweep the room?

For each env the script plays the policy for N seeded episodes and prints the share of each action and how many
steps in a row it keeps one (its "runs"). In the real game long strafes survive: the scripted `sweep:P` probe
(right P steps, left P steps, ...) outlives the random policy by far once P is near the room's width, while a
controller that changes action every few steps stays close to random. A policy that sweeps in the game but
jitters in the dream (or the reverse) is reacting to something the dream draws differently.

About 30 s on 2 cores for 20 dream and 20 real episodes of a controller that survives ~800 steps.

Run: ``python examples/action_runs.py --controller pretrained/takecover/controller.safetensors``
(or ``--controller sweep:80``, ``--controller random``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import gymnasium as gym
import numpy as np
import torch

import dreamgym  # noqa: F401
from dreamgym.envs import GAMES
from dreamgym.training.evaluate import policy_controller
from dreamgym.training.policies import batch_probe

GAME = GAMES["takecover"]
ACTIONS = ("no-op", "right", "left")


def play(env_id: str, policy: str, weights: Path | None, episodes: int, seed: int) -> list[np.ndarray]:
    """The action sequence of each episode (episode i seeded seed + i)."""
    controller = policy_controller(policy, GAME, weights)
    env = gym.make(env_id, weights=weights)
    played = []
    for i in range(episodes):
        probe = batch_probe(policy, GAME, 1, seed + i) if controller is None else None
        obs, _ = env.reset(seed=seed + i)
        actions, done = [], False
        while not done:
            with torch.inference_mode():
                action = int(probe(obs)[0] if controller is None else controller(torch.from_numpy(obs)[None])[0])
            obs, _, terminated, truncated, _ = env.step(action)
            actions.append(action)
            done = terminated or truncated
        played.append(np.array(actions))
    env.close()
    return played


def runs(actions: np.ndarray) -> list[tuple[int, int]]:
    """(action, length) of each stretch of one repeated action."""
    edges = np.flatnonzero(np.diff(actions)) + 1
    return [(int(chunk[0]), len(chunk)) for chunk in np.split(actions, edges)]


def summary(played: list[np.ndarray]) -> dict[str, float]:
    """Mean episode length, share of each action and mean run length of each action."""
    every = np.concatenate(played)
    stretches = [r for actions in played for r in runs(actions)]
    out = {"episode_length": float(np.mean([len(a) for a in played]))}
    for k, name in enumerate(ACTIONS):
        lengths = [n for a, n in stretches if a == k]
        out[f"{name}_share"] = float(np.mean(every == k))
        out[f"{name}_mean_run"] = float(np.mean(lengths)) if lengths else 0.0
    return out


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--controller", default="weights", help="as `dreamgym evaluate --controller`")
    p.add_argument("--weights", type=Path, default=None, help="weight directory (default: the shipped one)")
    p.add_argument("--episodes", type=int, default=20)
    p.add_argument("--seed", type=int, default=5000)
    args = p.parse_args(argv)
    result = {}
    for env_id in (GAME.dream_id, GAME.real_id):
        result[env_id] = summary(play(env_id, args.controller, args.weights, args.episodes, args.seed))
        row = result[env_id]
        print(
            f"{env_id} {args.controller}: {row['episode_length']:.1f} steps per episode over {args.episodes} episodes "
            f"(seeds {args.seed}..{args.seed + args.episodes - 1}); "
            + ", ".join(f"{n} {row[f'{n}_share']:.2f} of steps, runs of {row[f'{n}_mean_run']:.1f}" for n in ACTIONS)
        )
    return result


if __name__ == "__main__":
    main()
