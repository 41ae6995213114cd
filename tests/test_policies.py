"""Data-collection policies and probes: the CarRacing driver stays on the road, its random throttle is not tied to
speed, and the scripted Take Cover probes play what they say."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from dreamgym.envs import GAMES
from dreamgym.envs.sources import make_source_env, source_available
from dreamgym.errors import ConfigError
from dreamgym.games.carracing.driver import TrackFollowingPolicy
from dreamgym.training.collect import CollectArgs, collect
from dreamgym.training.evaluate import EvaluateArgs, evaluate
from dreamgym.training.policies import NoisyControllerPolicy, batch_probe, check_probe

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


@needs_box2d
def test_fast_throttle_floors_it_and_drives_faster_than_random() -> None:
    gas, speed, _ = _drive("fast", steps=300, seed=3)
    random_gas, random_speed, _ = _drive("random", steps=300, seed=3)
    assert (gas == 1.0).mean() > 0.1 and (random_gas == 1.0).mean() == 0  # only "fast" floors it
    assert speed.max() > random_speed.max()


@needs_box2d
def test_stop_throttle_brings_the_car_to_a_halt_and_stands() -> None:
    stood = []
    for seed in range(4):
        gas, speed, _ = _drive("stop", steps=600, seed=seed)
        assert speed.max() > 5  # it also drives
        stood.append(((speed[50:] < 0.5) & (gas[50:] == 0)).sum())
    assert max(stood) > 20  # a car standing still, after the zoom-in, in at least one episode
    random_gas, random_speed, _ = _drive("random", steps=600, seed=0)
    assert ((random_speed[50:] < 0.5) & (random_gas[50:] == 0)).sum() == 0  # which the other drivers never show


@needs_box2d
def test_creep_throttle_leaves_the_road_slowly_with_the_wheel_held() -> None:
    env = make_source_env(CARRACING)
    crept_off, starts_creeping = [], []
    for seed in range(4):
        policy = TrackFollowingPolicy(np.random.default_rng(seed), env, "creep")
        starts_creeping.append(policy.held_steer == 0.0)
        obs, _ = env.reset(seed=seed)
        points = np.array([(t[2], t[3]) for t in env.unwrapped.track])
        off = 0
        for _ in range(400):
            action = policy(obs)
            if 0 < action[1] <= 0.15 and action[2] == 0:
                distance = np.sqrt(((points - tuple(env.unwrapped.car.hull.position)) ** 2).sum(1)).min()
                off += distance > 15  # well beyond the road's half-width (about 6.7)
            obs, _, terminated, truncated, _ = env.step(action)
            if terminated or truncated:
                break
        crept_off.append(off)
    env.close()
    assert max(crept_off) > 100  # a creeping car far off the road in at least one episode
    assert any(starts_creeping) and not all(starts_creeping)  # about half of the episodes start with a creep


def test_unknown_throttle_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match="throttle"):
        collect(CollectArgs("carracing", tmp_path, episodes=1, throttle="floor-it"))


def test_sweep_probe_strafes_right_then_left_for_its_period() -> None:
    probe = batch_probe("sweep:3", GAMES["takecover"], 2, seed=0)
    actions = np.stack([probe(None) for _ in range(8)])
    assert actions.shape == (8, 2) and actions[:, 0].tolist() == [1, 1, 1, 2, 2, 2, 1, 1]


@pytest.mark.parametrize("policy", ["sweep:0", "sweep:x", "constant:3", "constant:", "random:2", "walk"])
def test_a_bad_probe_names_itself(policy: str) -> None:
    with pytest.raises(ValueError, match=policy):
        check_probe(policy, GAMES["takecover"])
    with pytest.raises(ValueError, match="discrete"):
        check_probe("sweep:5", CARRACING)


def test_evaluate_plays_the_sweep_probe_in_the_dream(tiny_weights_by_game: dict[str, Path]) -> None:
    common = dict(episodes=3, seed=4, weights=tiny_weights_by_game["takecover"])
    result = evaluate(EvaluateArgs("DreamTakeCover-v0", controller="sweep:5", **common))
    assert result["policy"] == "sweep:5" and len(result["returns"]) == 3
    assert evaluate(EvaluateArgs("DreamTakeCover-v0", controller="sweep:5", **common))["returns"] == result["returns"]
    with pytest.raises(ConfigError, match="sweep:-1"):
        evaluate(EvaluateArgs("DreamTakeCover-v0", controller="sweep:-1", **common))


@pytest.mark.parametrize("hold", [1, 20])
def test_held_noise_keeps_each_draw_for_at_most_hold_steps(hold: int) -> None:
    """hold=1 is per-step noise (the same draws as before the option); hold=N keeps each offset 1..N steps."""
    base = np.array([0.0, 0.5, 0.0], np.float32)
    policy = NoisyControllerPolicy(CARRACING, lambda obs: base, np.random.default_rng(3), 0.05, hold)
    offsets = np.array([policy(np.zeros(4)) - base for _ in range(300)])
    if hold == 1:
        rng = np.random.default_rng(3)
        expected = [np.clip(base + 0.05 * rng.standard_normal(3), CARRACING.action_low, CARRACING.action_high) - base
                    for _ in range(300)]  # fmt: skip
        assert np.allclose(offsets, expected, atol=1e-6)
    changes = np.flatnonzero(np.any(np.diff(offsets, axis=0) != 0, axis=1))
    runs = np.diff(np.concatenate([[-1], changes, [len(offsets) - 1]]))
    assert runs.max() <= hold and (hold == 1 or runs.mean() > 3)


def test_held_noise_holds_the_random_action_of_a_discrete_game() -> None:
    game = GAMES["takecover"]
    policy = NoisyControllerPolicy(game, lambda obs: 0, np.random.default_rng(0), 1.0, 10)
    actions = [policy(np.zeros(4)) for _ in range(200)]
    changes = np.flatnonzero(np.diff(actions))
    assert set(actions) == set(range(game.discrete_actions))
    assert len(changes) < 200 / 3  # held: far fewer switches than a fresh random action every step


def test_noise_hold_must_be_positive_and_needs_a_policy(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--noise-hold must be at least 1"):
        collect(CollectArgs("carracing", tmp_path, episodes=1, noise_hold=0))
    with pytest.raises(ConfigError, match="--max-hold"):
        collect(CollectArgs("carracing", tmp_path, episodes=1, noise_hold=5))
