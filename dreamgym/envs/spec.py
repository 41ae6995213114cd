"""A game spec: everything that differs between games, so every stage runs one code path for all of them."""

from __future__ import annotations

from dataclasses import dataclass

import gymnasium as gym
import numpy as np
import torch

from dreamgym.errors import ConfigError

Z_BOUND = 10.0
"""Sampled latents are clipped to [-Z_BOUND, Z_BOUND] so latent observation spaces have finite bounds."""


@dataclass(frozen=True)
class GameSpec:
    """One game's facts: ids, spaces, preprocessing, reward and model sizes."""

    name: str
    dream_id: str
    real_id: str
    source_id: str
    discrete_actions: int
    """Number of discrete actions, or 0 for a continuous ``Box`` action."""
    action_low: tuple[float, ...]
    action_high: tuple[float, ...]
    reward_from_model: bool
    """False: +1 per step alive (Take Cover). True: M's reward head (CarRacing)."""
    max_episode_steps: int
    default_temperature: float
    crop: tuple[int, int, int, int]
    z_size: int
    hidden_size: int
    mixtures: int
    controller_map: str
    controller_outputs: int
    render_fps: int
    termination: str = "threshold"
    """Default dream termination: ``threshold`` (done logit > 0, as the original) or ``sample`` (a Bernoulli draw)."""
    salient_colour: tuple[tuple[int, int, int], tuple[int, int, int]] | None = None
    """RGB box (low, high) of small things V must not lose (Take Cover: fireballs); ``train vae --salient-weight``
    up-weights pixels inside it."""

    @property
    def action_size(self) -> int:
        """Width of the action vector M consumes (one-hot for discrete games)."""
        return self.discrete_actions or len(self.action_low)

    def action_space(self) -> gym.Space:
        """The real game's action space."""
        if self.discrete_actions:
            return gym.spaces.Discrete(self.discrete_actions)
        return gym.spaces.Box(np.array(self.action_low, np.float32), np.array(self.action_high, np.float32))

    def encode_actions(self, actions: torch.Tensor) -> torch.Tensor:
        """Env actions ``(B,)`` int or ``(B, n)`` float -> M's float input ``(B, action_size)``."""
        if self.discrete_actions:
            return torch.nn.functional.one_hot(actions.long(), self.discrete_actions).float()
        return actions.float()


def validate_temperature(temperature: object) -> float:
    """Return ``temperature`` as a float if it is finite and > 0, else raise a clear ConfigError."""
    try:
        tau = float(temperature)  # type: ignore[arg-type]
    except (TypeError, ValueError) as e:
        raise ConfigError(f"temperature must be a number, got {temperature!r}") from e
    if not np.isfinite(tau) or tau <= 0:
        raise ConfigError(f"temperature must be finite and > 0 (the paper uses 0.1 to 1.3), got {temperature!r}")
    return tau


OBSERVATION_MODES = ("latent", "z", "pixels")


def validate_observation(observation: object) -> str:
    """Return ``observation`` if it is a known mode, else raise ConfigError."""
    if observation not in OBSERVATION_MODES:
        raise ConfigError(f"observation must be one of {OBSERVATION_MODES}, got {observation!r}")
    return observation  # type: ignore[return-value]


def observation_space(observation: str, z_size: int, hidden_size: int) -> gym.spaces.Box:
    """The observation space for a mode: latent = concat(z, h), z, or 64x64x3 uint8 pixels."""
    if observation == "pixels":
        return gym.spaces.Box(0, 255, (64, 64, 3), np.uint8)
    low = np.full(z_size, -Z_BOUND, np.float32)
    high = -low
    if observation == "latent":
        low = np.concatenate([low, -np.ones(hidden_size, np.float32)])
        high = np.concatenate([high, np.ones(hidden_size, np.float32)])
    return gym.spaces.Box(low, high, dtype=np.float32)
