"""The real games behind the dreams, made through each game's hooks with a clear error when not installed."""

from __future__ import annotations

import importlib.util
from typing import Any

import gymnasium as gym
import numpy as np

from dreamgym.envs.spec import GameSpec
from dreamgym.errors import ConfigError


def source_available(game: GameSpec) -> bool:
    """Whether the real game's package is installed (checked without importing it)."""
    return bool(game.source_package) and importlib.util.find_spec(game.source_package) is not None


def make_source_env(game: GameSpec, render_mode: str | None = None, **kwargs: Any) -> gym.Env:
    """The real game from its ``make_source`` hook, with a clear error when its package is missing."""
    try:
        game.hook("import_source")()
    except ImportError as e:
        hint = f"pip install 'dreamgym[{game.extra}]'" if game.extra else f"install {game.source_package}"
        raise ConfigError(f"{game.source_id} is not installed: {hint} ({e})") from e
    return game.hook("make_source")(render_mode=render_mode, **kwargs)


def capped_source(game: GameSpec, render_mode: str | None = None, **kwargs: Any) -> gym.Env:
    """``gym.make(game.source_id)`` capped at the game's ``max_episode_steps``: the usual body of a game's
    ``make_source`` hook."""
    return gym.make(game.source_id, render_mode=render_mode, max_episode_steps=game.max_episode_steps, **kwargs)


def source_frame(game: GameSpec, obs: Any) -> np.ndarray:
    """The RGB screen inside a real observation (the game's ``source_frame`` hook)."""
    return game.hook("source_frame")(obs)


def measure_frame(game: GameSpec, frame: np.ndarray) -> np.ndarray:
    """The game's measurements of one raw frame (its ``measure`` hook) as float32 ``(len(game.measurements),)``;
    empty for a game that measures nothing."""
    if not game.measurements:
        return np.zeros(0, np.float32)
    values = np.asarray(game.hook("measure")(frame), np.float32).reshape(-1)
    if values.shape[0] != len(game.measurements):
        raise ConfigError(
            f"{game.name}'s measure() returned {values.shape[0]} numbers for its {len(game.measurements)} "
            f"measurements {game.measurements}"
        )
    return values


class RenderedFrames(gym.Wrapper):
    """Observations are the env's ``rgb_array`` render: Gymnasium's ``AddRenderObservation(render_only=True)``
    without its lambda, so the env still pickles and deep-copies (vector envs and Ray ship envs that way)."""

    def __init__(self, env: gym.Env) -> None:
        super().__init__(env)
        if env.render_mode != "rgb_array":
            raise ConfigError(f"{env} must be made with render_mode='rgb_array' to observe its frames")
        env.reset(seed=0)
        frame = np.asarray(env.render())
        self.observation_space = gym.spaces.Box(0, 255, frame.shape, np.uint8)
        self.metadata = {**env.metadata, "render_modes": ["rgb_array"]}  # the frames need it; "human" has no window

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[np.ndarray, dict]:
        _, info = self.env.reset(seed=seed, options=options)
        return np.asarray(self.env.render()), info

    def step(self, action: Any) -> tuple[np.ndarray, Any, bool, bool, dict]:
        _, reward, terminated, truncated, info = self.env.step(action)
        return np.asarray(self.env.render()), reward, terminated, truncated, info
