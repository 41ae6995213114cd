"""A/B in one process: the batched dream's env-steps/s with the counter draws hashed in int64 torch (before) and in
32-bit numpy (after), alternating 3-second windows. Run: ``python ab_rng.py DreamTakeCover-v0 1024 2``."""

from __future__ import annotations

import sys
import time

import gymnasium as gym
import numpy as np
import torch

import dreamgym  # noqa: F401
from dreamgym.envs import counter_rng


def int64_uniform(key: torch.Tensor, counter: torch.Tensor, n: int) -> torch.Tensor:
    """The draws as computed before: the whole hash in int64 torch."""
    base = counter_rng.step_base(key, counter)
    return counter_rng.lane_uniforms_torch(base, n)


def main() -> None:
    env_id, num_envs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    env = gym.make_vec(env_id, num_envs=num_envs)
    env.reset(seed=0)
    actions = env.action_space.sample() * 0
    for _ in range(5):
        env.step(actions)
    variants = {"int64 torch": int64_uniform, "uint32 numpy": counter_rng.uniform}
    rates: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(4):
        for name, f in variants.items():
            counter_rng.uniform = f
            n, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < 3:
                env.step(actions)
                n += 1
            rates[name].append(n * num_envs / (time.perf_counter() - t0))
    print(env_id, num_envs, threads, {k: round(float(np.median(v))) for k, v in rates.items()})


if __name__ == "__main__":
    main()
