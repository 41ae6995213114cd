"""Batched episodes: run a batch policy in a vector env until every episode of the batch has ended once."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from gymnasium.vector import VectorEnv

BatchPolicy = Callable[[np.ndarray], np.ndarray]


def run_episodes(env: VectorEnv, policy: BatchPolicy, seeds: list[int], max_steps: int) -> np.ndarray:
    """Return of the first episode of each sub-env (seeded by ``seeds``), stepped together in one batch."""
    obs, _ = env.reset(seed=seeds)
    n = env.num_envs
    returns = np.zeros(n, np.float64)
    alive = np.ones(n, bool)
    for _ in range(max_steps):
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        returns += reward * alive
        alive &= ~(terminated | truncated)
        if not alive.any():
            break
    return returns
