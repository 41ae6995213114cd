"""Data-collection policies: the CarRacing driver stays on the road, and its random throttle is not tied to speed."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dreamgym.envs import GAMES
from dreamgym.envs.sources import make_source_env, source_available
from dreamgym.errors import ConfigError
from dreamgym.training.carracing_policy import TrackFollowingPolicy
from dreamgym.training.collect import CollectArgs, collect

CARRACING = GAMES["carracing"]
needs_box2d = pytest.mark.skipif(not source_available(CARRACING), reason="box2d not installed")


def _drive(throttle: str, steps: int = 400, seed: int = 2) -> tuple[np.ndarray, np.ndarray, float]:
    env = make_source_env(CARRACING)
    policy = TrackFollowingPolicy(np.random.default_rng(seed), env, throttle)
    obs, _ = env.reset(seed=seed)
    gas, speed, total = [], [], 0.0
    for _ in range(steps):
        speed.append(math.hypot(*env.unwrapped.car.hull.linearVelocity))
        action = policy(obs)
        gas.append(action[1])
        obs, reward, terminated, truncated, _ = env.step(action)
        total += reward
        if terminated or truncated:
            break
    env.close()
    return np.array(gas), np.array(speed), total


@needs_box2d
def test_random_throttle_is_not_a_function_of_speed_and_still_visits_tiles() -> None:
    gas, speed, total = _drive("random")
    assert len(np.unique(gas)) > 5  # held random pedal values, not a bang-bang rule
    assert total > 0  # it still drives along the track and collects tiles
    tracking_gas, tracking_speed, _ = _drive("tracking")
    moving = speed > 1
    random_corr = abs(np.corrcoef(gas[moving], speed[moving])[0, 1])
    tracking_corr = abs(np.corrcoef(tracking_gas[tracking_speed > 1], tracking_speed[tracking_speed > 1])[0, 1])
    assert random_corr < tracking_corr


def test_unknown_throttle_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match="throttle"):
        collect(CollectArgs("carracing", tmp_path, episodes=1, throttle="floor-it"))
