"""The real twins: the real games seen through V and M, with the dream's spaces, so one policy runs in both."""

from __future__ import annotations

import os
from typing import Any

import gymnasium as gym

from dreamgym.envs.dynamics import load_cached, resolve_weights
from dreamgym.envs.registration import game_by_name
from dreamgym.envs.sources import make_source_env
from dreamgym.wrappers import WorldModelObservation


def make_real_env(
    game: str,
    observation: str = "latent",
    weights: str | os.PathLike | None = None,
    device: str = "cpu",
    render_mode: str | None = None,
    latent: str = "sample",
    **source_kwargs: Any,
) -> gym.Env:
    """The real game (paper's step cap), frames encoded by V and M stepped on (z, action)."""
    spec = game_by_name(game)
    world_model = load_cached(resolve_weights(spec, weights), device)
    env = make_source_env(spec, render_mode=render_mode, **source_kwargs)
    return WorldModelObservation(env, world_model, spec, observation=observation, latent=latent)


def make_real_takecover(**kwargs: Any) -> gym.Env:
    """`RealTakeCover-v0`: VizDoom Take Cover (skill 4, the scenario's default) with the dream's spaces."""
    return make_real_env("takecover", **kwargs)


def make_real_carracing(**kwargs: Any) -> gym.Env:
    """`RealCarRacing-v0`: CarRacing-v3 with the dream's spaces."""
    return make_real_env("carracing", **kwargs)
