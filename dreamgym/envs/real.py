"""The real twins: the real games seen through V and M, with the dream's spaces, so one policy runs in both."""

from __future__ import annotations

import os
from typing import Any

import gymnasium as gym

from dreamgym.envs.dream_env import resolve_game
from dreamgym.envs.sources import make_source_env
from dreamgym.envs.spec import GameSpec
from dreamgym.weights import load_cached, resolve_weights
from dreamgym.wrappers import WorldModelObservation


def make_real_env(
    game: str | GameSpec | None = None,
    observation: str = "latent",
    weights: str | os.PathLike | None = None,
    device: str = "cpu",
    render_mode: str | None = None,
    latent: str = "sample",
    **source_kwargs: Any,
) -> gym.Env:
    """The real twin of ``game``: the real game (paper's step cap), frames encoded by V and M stepped on (z, action),
    so its spaces are the dream's."""
    spec = resolve_game(game, weights)
    world_model = load_cached(resolve_weights(spec, weights), device)
    env = make_source_env(spec, render_mode=render_mode, **source_kwargs)
    return WorldModelObservation(env, world_model, spec, observation=observation, latent=latent)
