"""Gymnasium CarRacing: a full RL env in the dream, with M's learned reward and termination.

Everything CarRacing-specific lives here: the spec, the real game, the track-following driver that explores it
for the data (``driver.py``), a faster pixel-identical road renderer for the real game (``fast_road.py``), and the
key map of play.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np

from dreamgym.envs.sources import capped_source
from dreamgym.envs.spec import GameSpec
from dreamgym.games.carracing import fast_road
from dreamgym.games.carracing.driver import THROTTLES

SPEC = GameSpec(
    name="carracing",
    dream_id="DreamCarRacing-v0",
    real_id="RealCarRacing-v0",
    source_id="CarRacing-v3",
    discrete_actions=0,
    action_low=(-1.0, 0.0, 0.0),
    action_high=(1.0, 1.0, 1.0),
    reward_from_model=True,
    max_episode_steps=1000,
    default_temperature=1.0,
    crop=(0, 84, 0, 96),
    z_size=32,
    hidden_size=256,
    mixtures=5,
    controller_map="steer_gas_brake",
    controller_outputs=3,
    render_fps=50,
    module=__name__,
    source_package="Box2D",
    extra="carracing",
    action_meanings=("steer", "gas", "brake"),
    step_reward=-0.1,
    reward_budget=1000.0,
    reward_threshold=900.0,
    exploration="TrackFollowingPolicy",
    exploration_options=(("throttle", THROTTLES),),
    measurements=("speed",),
    docs={
        "summary": "CarRacing inside M's dream, with reward and termination predicted by M's extra heads.",
        "rewards": "M's reward head: its regression of the real per-step reward (-0.1 per frame, +1000/N per new "
        "tile), paying at most 1000 above the per-frame cost in an episode, as the track's tiles do (`reward_budget`).",
        "termination": "Terminated when M's done head predicts the end (leaving the playfield or finishing the lap) or "
        "when the episode has earned the whole lap's 1000",
    },
)


def import_source() -> None:
    """Import the real game's physics (raises ImportError when box2d is missing)."""
    import Box2D  # noqa: F401


def make_source(render_mode: str | None = None, **kwargs: Any) -> gym.Env:
    """``CarRacing-v3`` capped at 1000 steps, drawn by the pixel-identical fast road renderer where it checks out."""
    import_source()
    env = capped_source(SPEC, render_mode, **kwargs)
    fast_road.install(env)
    return env


def source_frame(obs: Any) -> np.ndarray:
    """CarRacing's observation is the RGB frame itself."""
    return obs


SPEED_BAR = (slice(84, 96), slice(12, 14))
"""Rows and columns of the 96x96 frame that hold the dashboard's white speed bar (drawn at 1000x800 as columns
125..150, rising 0.4 px per unit of speed from row 780, then smooth-scaled to 96x96)."""


def measure(frame: np.ndarray) -> np.ndarray:
    """The car's speed read off the dashboard, which the crop hides from V: the white bar's height in frame rows
    (its columns' whiteness summed) halved, about 0.024 per unit of speed (0 standing, ~1.5 at 60, ~2.4 at 100)."""
    bar = np.asarray(frame)[SPEED_BAR].min(axis=2).astype(np.float32) / 255.0
    return np.array([bar.sum(axis=0).mean() / 2.0], np.float32)


def exploration_policy(rng: np.random.Generator, env: gym.Env, max_hold: int = 10, throttle: str = "random") -> Any:
    """A noisy track-following driver (random play leaves the road within seconds); see ``driver.py``."""
    from dreamgym.games.carracing.driver import TrackFollowingPolicy

    return TrackFollowingPolicy(rng, env, throttle)


def key_action(pressed: set[str]) -> np.ndarray:
    """(steer, gas, brake) for the held arrows: left/right steer, up = gas, down = brake; keys combine."""
    steer = float("right" in pressed) - float("left" in pressed)
    return np.array([steer, 1.0 if "up" in pressed else 0.0, 0.8 if "down" in pressed else 0.0], np.float32)
