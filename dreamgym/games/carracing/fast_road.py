"""A pixel-identical, faster road renderer for Gymnasium's CarRacing.

Gymnasium draws the road by rotating, scaling and culling ~700 polygons one vertex at a time in Python every frame
(~23 ms of a ~30 ms step on our CPUs, so the real game ran at ~35-60 steps/s). This does the same arithmetic for all
vertices at once in numpy (the same float64 operations in the same order as pygame's ``Vector2.rotate_rad``, so
every coordinate is bit-identical), then draws the visible polygons with the same ``gfxdraw`` calls in the same
order. :func:`install` checks the bit-identity on this machine first and leaves the env untouched if it fails.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

_EPSILON = 1e-6  # pygame's default Vector2 epsilon, below which a rotation by a multiple of 90 degrees is exact
_TWO_PI = 2 * math.pi


def _rotation(angle: float) -> tuple[float, float, int]:
    """``(cos, sin, quarter)`` as pygame's ``rotate_rad`` computes them; quarter >= 0 marks its exact special case."""
    angle = math.fmod(angle, _TWO_PI)
    if angle < 0:
        angle += _TWO_PI
    if math.fmod(angle + _EPSILON, math.pi / 2) < 2 * _EPSILON:
        return 1.0, 0.0, int((angle + _EPSILON) / (math.pi / 2)) % 4
    return math.cos(angle), math.sin(angle), -1


def rotate(points: np.ndarray, angle: float) -> np.ndarray:
    """``points (..., 2)`` rotated by ``angle`` radians, bit-identical to ``pygame.math.Vector2.rotate_rad``."""
    cos, sin, quarter = _rotation(angle)
    x, y = points[..., 0], points[..., 1]
    if quarter == 0:
        out = (x, y)
    elif quarter == 1:
        out = (-y, x)
    elif quarter == 2:
        out = (-x, -y)
    elif quarter == 3:
        out = (y, -x)
    else:
        out = (cos * x - sin * y, sin * x + cos * y)
    return np.stack(out, axis=-1)


def _grass() -> np.ndarray:
    """The grass patches of ``CarRacing._render_road``, ``(400, 4, 2)``, in its drawing order."""
    from gymnasium.envs.box2d.car_racing import GRASS_DIM

    patches = []
    for x in range(-20, 20, 2):
        for y in range(-20, 20, 2):
            x0, y0 = GRASS_DIM * x, GRASS_DIM * y
            patches.append(
                [(x0 + GRASS_DIM, y0 + 0), (x0 + 0, y0 + 0), (x0 + 0, y0 + GRASS_DIM), (x0 + GRASS_DIM, y0 + GRASS_DIM)]
            )
    return np.array(patches, dtype=np.float64)


class FastRoad:
    """A drop-in ``_render_road(zoom, translation, angle)`` for one CarRacing instance."""

    def __init__(self, env: Any) -> None:
        from gymnasium.envs.box2d import car_racing

        self.env = env
        b = car_racing.PLAYFIELD
        self.field = np.array([(b, b), (b, -b), (-b, -b), (-b, b)], dtype=np.float64)
        self.grass = _grass()
        self.low = -car_racing.MAX_SHAPE_DIM
        self.high = (car_racing.WINDOW_W + car_racing.MAX_SHAPE_DIM, car_racing.WINDOW_H + car_racing.MAX_SHAPE_DIM)
        self._road_source: list | None = None  # the road_poly list the cached arrays were made from
        self._road = np.zeros((0, 4, 2))
        self._road_colors: list[Any] = []

    def _road_arrays(self) -> tuple[np.ndarray, list[Any]]:
        """The track's polygons, rebuilt when reset made a new track, and its tiles' color arrays (live: CarRacing
        recolors a tile when the car visits it)."""
        road = self.env.road_poly
        if road is not self._road_source or len(road) != len(self._road_colors):
            self._road_source = road
            self._road = np.array([[(p[0], p[1]) for p in poly] for poly, _ in road], dtype=np.float64).reshape(
                -1, 4, 2
            )
            self._road_colors = [color for _, color in road]
        return self._road, self._road_colors

    def _screen(self, polys: np.ndarray, zoom: float, translation: Any, angle: float) -> np.ndarray:
        """Rotate, scale and translate vertices as ``CarRacing._draw_colored_polygon`` does."""
        r = rotate(polys, angle)
        return np.stack((r[..., 0] * zoom + translation[0], r[..., 1] * zoom + translation[1]), axis=-1)

    def _draw(self, polys: np.ndarray, colors: Any, zoom: float, translation: Any, angle: float, clip: bool) -> None:
        from pygame import gfxdraw

        screen = self._screen(polys, zoom, translation, angle)
        if clip:
            x, y = screen[..., 0], screen[..., 1]
            inside = (self.low <= x) & (x <= self.high[0]) & (self.low <= y) & (y <= self.high[1])
            visible = np.flatnonzero(inside.any(axis=1))
        else:
            visible = range(len(screen))
        surf = self.env.surf
        for i in visible:
            poly = [tuple(v) for v in screen[i].tolist()]
            color = [int(c) for c in colors[i]] if isinstance(colors, list) else colors
            gfxdraw.aapolygon(surf, poly, color)
            gfxdraw.filled_polygon(surf, poly, color)

    def __call__(self, zoom: float, translation: Any, angle: float) -> None:
        env = self.env
        self._draw(self.field[None], env.bg_color, zoom, translation, angle, clip=False)
        self._draw(self.grass, env.grass_color, zoom, translation, angle, clip=True)
        road, colors = self._road_arrays()
        self._draw(road, colors, zoom, translation, angle, clip=True)


def matches_pygame(trials: int = 256, seed: int = 0) -> bool:
    """True when :func:`rotate` gives pygame's coordinates bit for bit on random points and angles here."""
    import pygame

    rng = np.random.default_rng(seed)
    angles = np.concatenate([rng.uniform(-20, 20, trials), np.arange(-8, 9) * (math.pi / 2)])
    points = rng.uniform(-400, 400, (len(angles), 2))
    for angle, point in zip(angles.tolist(), points, strict=True):
        mine = rotate(point, angle).tolist()
        theirs = pygame.math.Vector2(point.tolist()).rotate_rad(angle)
        if mine != [theirs[0], theirs[1]]:
            return False
    return True


def install(env: Any) -> bool:
    """Give ``env.unwrapped`` (a Gymnasium CarRacing) the fast road renderer; returns whether it was installed."""
    car_racing = env.unwrapped
    if not hasattr(car_racing, "_render_road") or not matches_pygame():
        return False
    car_racing._render_road = FastRoad(car_racing)
    return True
