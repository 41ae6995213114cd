"""Real returns of exported PPO actors (safetensors MLP policies) on seeded episodes, written as JSON.

Usage: python candidates/takecover_round16/play.py OUT.json SEED EPISODES ACTOR.safetensors [...]
"""

from __future__ import annotations

import sys

import gymnasium as gym
import numpy as np
import torch

import dreamgym  # noqa: F401
from dreamgym.files import write_json_atomic
from dreamgym.training.rollout import play_episode
from dreamgym.weights import load_mlp_policy


def main() -> None:
    out, seed, episodes, paths = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    result = {"seeds": [seed, seed + episodes - 1], "returns": {}}
    env = gym.make("RealTakeCover-v0")
    for path in paths:
        policy = load_mlp_policy(path)[0].eval()

        def act(obs: np.ndarray, policy: torch.nn.Module = policy) -> int:
            with torch.inference_mode():
                return int(policy(torch.from_numpy(obs)[None])[0])

        returns = [play_episode(env, act, seed + i) for i in range(episodes)]
        result["returns"][path] = returns
        print(f"{path}: {np.mean(returns):.1f} +/- {np.std(returns):.1f} over {episodes} episodes from seed {seed}")
    env.close()
    write_json_atomic(out, result)


if __name__ == "__main__":
    main()
