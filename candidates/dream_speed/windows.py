"""Alternating timing windows in one process: the A/B scripts' shared measurement (their ratios are what to trust;
sequential runs on a busy or throttling machine drift by 10-15%)."""

from __future__ import annotations

import time
from collections.abc import Callable

import gymnasium as gym
import numpy as np


def alternating_rates(
    envs: dict[str, gym.vector.VectorEnv],
    rounds: int = 4,
    seconds: float = 3.0,
    before_window: Callable[[str], None] = lambda name: None,
) -> dict[str, int]:
    """Median env-steps/s of each vector env over ``rounds`` windows of ``seconds``, the envs taking turns; each
    steps with action 0 everywhere. ``before_window(name)`` runs before each env's window (e.g. to patch a function)."""
    rates: dict[str, list[float]] = {name: [] for name in envs}
    for env in envs.values():
        env.reset(seed=0)
    for _ in range(rounds):
        for name, env in envs.items():
            before_window(name)
            actions = env.action_space.sample() * 0
            n, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < seconds:
                env.step(actions)
                n += 1
            rates[name].append(n * env.num_envs / (time.perf_counter() - t0))
    return {k: round(float(np.median(v))) for k, v in rates.items()}
