"""The real games behind the dreams, made with a clear error when their extra is not installed."""

from __future__ import annotations

import importlib.util
import os
from typing import Any

import gymnasium as gym
import numpy as np

from dreamgym.envs.spec import GameSpec
from dreamgym.errors import ConfigError

_EXTRAS = {"takecover": "vizdoom", "carracing": "carracing"}


def source_available(game: GameSpec) -> bool:
    """Whether the real game's package is installed (checked without importing it)."""
    return importlib.util.find_spec("vizdoom" if game.name == "takecover" else "Box2D") is not None


def _import_source(game: GameSpec) -> None:
    if game.name == "takecover":
        from vizdoom import gymnasium_wrapper  # noqa: F401
    else:
        import Box2D  # noqa: F401


def make_source_env(game: GameSpec, render_mode: str | None = None, **kwargs: Any) -> gym.Env:
    """The real game with the paper's episode cap, e.g. ``VizdoomTakeCover-v1`` capped at 2100 steps."""
    try:
        _import_source(game)
    except ImportError as e:
        raise ConfigError(
            f"{game.source_id} is not installed: pip install 'dreamgym[{_EXTRAS[game.name]}]' ({e})"
        ) from e
    if game.name == "takecover":
        # ViZDoom checks for ./_vizdoom/ and then creates it: two games starting at once (collect or evaluate
        # workers) can both try, and the loser fails ("Failed to create ./_vizdoom/ directory") with its worker.
        os.makedirs("_vizdoom", exist_ok=True)
    return gym.make(game.source_id, render_mode=render_mode, max_episode_steps=game.max_episode_steps, **kwargs)


def source_frame(game: GameSpec, obs: Any) -> np.ndarray:
    """The RGB screen inside a real observation (vizdoom wraps it in a dict)."""
    return obs["screen"] if isinstance(obs, dict) else obs
