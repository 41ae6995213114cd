"""How often a policy sees a large salient object (``GameSpec.salient_colour``: e.g. a projectile about to hit), in
the dream and the game.

A dream that is faithful to the game's danger shows large salient objects about as often as the game does under
the same policy; one where a policy draws them in the opposite proportion has learned the danger backwards and will
reward the wrong behaviour (the game's ``docs["salient_rate"]`` says what to expect).
"""

from __future__ import annotations

from pathlib import Path

import gymnasium as gym
import numpy as np
import torch

from dreamgym.envs.spec import GameSpec
from dreamgym.training.policies import batch_probe

LARGE = 30
"""Salient pixels (of 64x64) from which an object counts as large (close to the player)."""


def salient_mask(frames: np.ndarray, colour: tuple) -> np.ndarray:
    """Which pixels of frames ``(..., 64, 64, 3)`` lie inside the ``colour`` box ``(low RGB, high RGB)``."""
    low, high = np.array(colour[0]), np.array(colour[1])
    return ((frames >= low) & (frames <= high)).all(-1)


def salient_pixels(frames: np.ndarray, colour: tuple) -> np.ndarray:
    """Number of pixels inside the ``colour`` box of each frame ``(n, 64, 64, 3)``."""
    return salient_mask(frames, colour).sum((1, 2))


@torch.inference_mode()
def dream_salient_rate(game: GameSpec, weights: Path, policy: str, episodes: int, seed: int) -> float:
    """Fraction of the steps of ``episodes`` dream episodes (first episode of each env) showing a large object."""
    env = gym.make_vec(game.dream_id, num_envs=episodes, weights=weights, observation="pixels")
    act = batch_probe(policy, game, episodes, seed)
    obs, _ = env.reset(seed=[seed + i for i in range(episodes)])
    alive = np.ones(episodes, bool)
    large, steps = 0, 0
    for _ in range(game.max_episode_steps):
        large += int((salient_pixels(obs, game.salient_colour)[alive] >= LARGE).sum())
        steps += int(alive.sum())
        obs, _, terminated, truncated, _ = env.step(act(obs))
        alive &= ~(terminated | truncated)
        if not alive.any():
            break
    env.close()
    return large / max(steps, 1)


@torch.inference_mode()
def real_salient_rate(game: GameSpec, weights: Path, policy: str, episodes: int, seed: int) -> float:
    """The same fraction over ``episodes`` real episodes (episode i seeded ``seed + i``), frames as V sees them."""
    env = gym.make(game.real_id, weights=weights, observation="pixels")
    large, steps = 0, 0
    for i in range(episodes):
        act = batch_probe(policy, game, 1, seed + i)
        obs, _ = env.reset(seed=seed + i)
        done = False
        while not done:
            large += int(salient_pixels(obs[None], game.salient_colour)[0] >= LARGE)
            steps += 1
            obs, _, terminated, truncated, _ = env.step(int(act(obs)[0]))
            done = terminated or truncated
    env.close()
    return large / max(steps, 1)
