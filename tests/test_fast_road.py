"""The real CarRacing draws its road with our vectorised renderer: the same pixels as Gymnasium's, faster."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dreamgym.envs import GAMES
from dreamgym.envs.sources import make_source_env, source_available
from dreamgym.games.carracing import fast_road

CARRACING = GAMES["carracing"]
pytestmark = pytest.mark.skipif(not source_available(CARRACING), reason="box2d not installed")


def test_rotation_is_bit_identical_to_pygame_including_quarter_turns() -> None:
    import pygame

    assert fast_road.matches_pygame(trials=2000, seed=1)
    point = np.array([3.25, -7.5])
    for k in range(-4, 5):
        theirs = pygame.math.Vector2(point.tolist()).rotate_rad(k * math.pi / 2)
        assert fast_road.rotate(point, k * math.pi / 2).tolist() == [theirs[0], theirs[1]]


def test_real_carracing_frames_equal_gymnasiums_own_renderer() -> None:
    import gymnasium as gym

    ours, theirs = make_source_env(CARRACING), gym.make(CARRACING.source_id)
    assert isinstance(ours.unwrapped._render_road, fast_road.FastRoad)
    rng = np.random.default_rng(0)
    for seed in (0, 1):  # a second track: the cached polygons are rebuilt on reset
        a, _ = ours.reset(seed=seed)
        b, _ = theirs.reset(seed=seed)
        np.testing.assert_array_equal(a, b)
        for _ in range(90):  # past the zoom-in, over tiles that change colour when visited
            action = rng.uniform([-0.5, 0.3, 0.0], [0.5, 1.0, 0.1]).astype(np.float32)
            a, ra, *_ = ours.step(action)
            b, rb, *_ = theirs.step(action)
            np.testing.assert_array_equal(a, b)
            assert ra == rb
    ours.close()
    theirs.close()
