"""Batched episodes: run a batch policy in a vector env until every episode of the batch has ended once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from gymnasium.vector import VectorEnv

from dreamgym.envs.dream_vector_env import DreamVectorEnv

BatchPolicy = Callable[[np.ndarray], np.ndarray]
RowPolicy = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
"""Actions for a batch of observations ``(B, obs)`` whose rows are episodes ``rows`` ``(B,)`` of the full batch."""


def play_episode(env: Any, act: Callable[[Any], Any], seed: int, max_steps: int | None = None) -> float:
    """Return of one episode of a single env seeded ``seed``, ``act(obs) -> action``, capped at ``max_steps``."""
    obs, _ = env.reset(seed=seed)
    total, done, t = 0.0, False, 0
    while not done and (max_steps is None or t < max_steps):
        obs, reward, terminated, truncated, _ = env.step(act(obs))
        total += float(reward)
        done = terminated or truncated
        t += 1
    return total


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


@torch.inference_mode()
def run_dream_episodes(env: DreamVectorEnv, policy: RowPolicy, seeds: list[int], max_steps: int) -> np.ndarray:
    """The returns :func:`run_episodes` gives for a latent-observation dream, computed faster: dreams that
    have ended leave the batch, so the long tail of a few survivors costs a few rows, not all of them.

    The env must be reset before it is used again (its batch is left at the end of the episodes).
    """
    env = env.unwrapped
    if env.observation_mode != "latent":
        raise ValueError("run_dream_episodes needs a dream with observation='latent'")
    env.reset(seed=seeds)
    dream = env.batch
    rows = torch.arange(env.num_envs)
    returns = torch.zeros(env.num_envs, dtype=torch.float64)
    for _ in range(min(max_steps, env.max_episode_steps)):
        obs = torch.cat([dream.z, dream.h], dim=1)
        reward, terminated = dream.step(policy(obs, rows))
        returns[rows] += reward.double()
        if terminated.any():
            keep = torch.nonzero(~terminated).squeeze(1)
            if keep.numel() == 0:
                break
            dream, rows = dream.subset(keep), rows[keep]
    env.reset(seed=None)
    return returns.numpy()
