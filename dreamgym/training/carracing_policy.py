"""A noisy track-following driver for CarRacing data: random play leaves the road within seconds.

It steers toward a track point a few tiles ahead (read from the env's track geometry), holds a random target
speed, and adds Ornstein-Uhlenbeck steering noise plus occasional random-action bursts, so M sees the road,
the grass and the edge of the playfield. Only the data uses it; the controller learns in the dream alone.
"""

from __future__ import annotations

import math

import gymnasium as gym
import numpy as np


class TrackFollowingPolicy:
    """Steer toward the track ``lookahead`` tiles ahead of the nearest one, with noise (per-episode levels)."""

    def __init__(self, rng: np.random.Generator, env: gym.Env) -> None:
        self.rng, self.env = rng, env.unwrapped
        self.noise = 0.0
        self.burst = 0
        self.burst_action = np.zeros(3, np.float32)
        self.lookahead = int(rng.integers(4, 7))
        self.target_speed = float(rng.uniform(30, 60))
        self.noise_scale = float(rng.uniform(0.0, 0.3))
        self.burst_prob = float(rng.uniform(0.0, 0.02))

    def __call__(self, obs: object) -> np.ndarray:
        car = getattr(self.env, "car", None)
        track = getattr(self.env, "track", None)
        if car is None or not track:
            return np.array([0.0, 0.5, 0.0], np.float32)
        if self.burst > 0:
            self.burst -= 1
            return self.burst_action
        if self.rng.random() < self.burst_prob:
            self.burst = int(self.rng.integers(5, 40))
            self.burst_action = self.rng.uniform([-1, 0, 0], [1, 1, 0.3]).astype(np.float32)
            return self.burst_action
        x, y = car.hull.position
        points = np.array([(t[2], t[3]) for t in track])
        nearest = int(np.argmin(((points - (x, y)) ** 2).sum(1)))
        tx, ty = points[(nearest + self.lookahead) % len(points)]
        heading = car.hull.angle + math.pi / 2
        error = (math.atan2(ty - y, tx - x) - heading + math.pi) % (2 * math.pi) - math.pi
        self.noise = 0.85 * self.noise + self.noise_scale * 0.3 * float(self.rng.standard_normal())
        steer = float(np.clip(-2.0 * error + self.noise, -1, 1))
        speed = float(np.hypot(*car.hull.linearVelocity))
        gas = 0.5 if speed < self.target_speed else 0.0
        brake = 0.3 if speed > self.target_speed * 1.3 else 0.0
        return np.array([steer, gas, brake], np.float32)
