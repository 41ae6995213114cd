"""A noisy track-following driver for CarRacing data: random play leaves the road within seconds.

It steers toward a track point a few tiles ahead (read from the env's track geometry) and adds Ornstein-Uhlenbeck
steering noise plus occasional random-action bursts, so M sees the road, the grass and the edge of the playfield.
Throttle: ``"random"`` (default) holds random gas and brake values for random durations, independent of the car's
state, so M can learn what gas and brake do; ``"tracking"`` holds a random target speed (gas below it, brake well
above it), which ties the actions to the speed, and M trained on it credits "no gas" with the reward that speed
brings (a dream-trained controller then learns not to accelerate); ``"fast"`` holds random pedals over the whole
gas range, full gas often, so M also sees what speed costs: a fast car leaving the road in corners and recovering
(with ``"random"``'s gas capped at 0.6, M extrapolates "faster is more tiles" and a dream controller floors it);
``"stop"`` now and then stands at the start, brakes to a halt and stands, or creeps (straight ahead half the time),
so M sees that a car without gas earns no tiles (no other driver ever stops, and dreams paid a standing car as a
driving one); ``"creep"`` holds a slow creep (gas up to 0.15) with the wheel held straight or where it was for 100..400
steps, half of the episodes from the start, so the car leaves the road slowly at corners and creeps on the grass
(dreams paid a creeping car as a driving one: the road never ended). Only the data uses this policy; the controller
learns in the dream alone.
"""

from __future__ import annotations

import math

import gymnasium as gym
import numpy as np

THROTTLES = ("random", "tracking", "fast", "stop", "creep")
CREEP_GAS = (0.04, 0.15)
STOPPED_SPEED = 0.5


class TrackFollowingPolicy:
    """Steer toward the track ``lookahead`` tiles ahead of the nearest one, with noise (per-episode levels)."""

    def __init__(self, rng: np.random.Generator, env: gym.Env, throttle: str = "random") -> None:
        if throttle not in THROTTLES:
            raise ValueError(f"throttle must be one of {THROTTLES}, got {throttle!r}")
        self.rng, self.env, self.throttle = rng, env.unwrapped, throttle
        self.pedals = np.zeros(2, np.float32)
        self.pedal_steps = 0
        self.noise = 0.0
        self.burst = 0
        self.burst_action = np.zeros(3, np.float32)
        self.lookahead = int(rng.integers(4, 7))
        self.target_speed = float(rng.uniform(30, 60))
        self.noise_scale = float(rng.uniform(0.0, 0.3))
        self.burst_prob = float(rng.uniform(0.0, 0.02))
        self.stopping = self.straight = False
        self.held_steer: float | None = None
        if throttle == "stop" and rng.random() < 0.3:
            self.pedals[:] = (0.0, 0.0)
            self.pedal_steps = int(rng.integers(50, 400))
        if throttle == "creep" and rng.random() < 0.5:
            self.pedals[:] = (rng.uniform(*CREEP_GAS), 0.0)
            self.pedal_steps = int(rng.integers(150, 700))
            self.held_steer = 0.0

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
        if self.throttle == "random":
            gas, brake = self._random_pedals()
        elif self.throttle == "fast":
            gas, brake = self._fast_pedals()
        elif self.throttle == "stop":
            gas, brake = self._stop_pedals(speed)
            if self.straight:
                steer = 0.0
        elif self.throttle == "creep":
            gas, brake = self._creep_pedals(steer)
            if self.held_steer is not None:
                steer = self.held_steer
        else:
            gas = 0.5 if speed < self.target_speed else 0.0
            brake = 0.3 if speed > self.target_speed * 1.3 else 0.0
        return np.array([steer, gas, brake], np.float32)

    def _random_pedals(self) -> tuple[float, float]:
        """Gas and brake held for 5..40 steps: mostly some gas (up to 0.6), sometimes coasting, now and then braking."""
        return self._held_pedals(full_until=0.0, gas_until=0.6, gas=(0.05, 0.6), coast_until=0.85, hold=(5, 41))

    def _fast_pedals(self) -> tuple[float, float]:
        """Gas and brake held for 10..80 steps: full gas a third of the time, else any gas, coasting or braking."""
        return self._held_pedals(full_until=0.35, gas_until=0.7, gas=(0.3, 1.0), coast_until=0.9, hold=(10, 81))

    def _stop_pedals(self, speed: float) -> tuple[float, float]:
        """Holds of 20..150 steps: some gas, a creep (gas up to 0.12), a stop (brake to a halt, then stand), or coasting."""
        if self.pedal_steps <= 0:
            kind = self.rng.random()
            self.stopping = self.straight = False
            if kind < 0.45:
                self.pedals[:] = (self.rng.uniform(0.1, 0.6), 0.0)
            elif kind < 0.65:
                self.pedals[:] = (self.rng.uniform(0.02, 0.12), 0.0)
                self.straight = bool(self.rng.random() < 0.5)
            elif kind < 0.9:
                self.pedals[:] = (0.0, 0.8)
                self.stopping = True
            else:
                self.pedals[:] = (0.0, 0.0)
            self.pedal_steps = int(self.rng.integers(20, 151))
        self.pedal_steps -= 1
        if self.stopping and speed < STOPPED_SPEED:
            self.pedals[:] = (0.0, 0.0)
        return float(self.pedals[0]), float(self.pedals[1])

    def _creep_pedals(self, steer: float) -> tuple[float, float]:
        """One hold in ten a creep of 100..400 steps, the wheel held straight or where it is; else random pedals (so
        about half of the steps creep)."""
        if self.pedal_steps <= 0:
            self.held_steer = None
            if self.rng.random() < 0.1:
                self.pedals[:] = (self.rng.uniform(*CREEP_GAS), 0.0)
                self.held_steer = 0.0 if self.rng.random() < 0.6 else steer
                self.pedal_steps = int(self.rng.integers(100, 401))
            else:
                return self._random_pedals()
        self.pedal_steps -= 1
        return float(self.pedals[0]), float(self.pedals[1])

    def _held_pedals(
        self, full_until: float, gas_until: float, gas: tuple[float, float], coast_until: float, hold: tuple[int, int]
    ) -> tuple[float, float]:
        """A new hold when the last one ends, its kind drawn by thresholds: full gas, some gas, coasting, else braking."""
        if self.pedal_steps <= 0:
            kind = self.rng.random()
            if kind < full_until:
                self.pedals[:] = (1.0, 0.0)
            elif kind < gas_until:
                self.pedals[:] = (self.rng.uniform(*gas), 0.0)
            elif kind < coast_until:
                self.pedals[:] = (0.0, 0.0)
            else:
                self.pedals[:] = (0.0, self.rng.uniform(0.1, 0.8))
            self.pedal_steps = int(self.rng.integers(*hold))
        self.pedal_steps -= 1
        return float(self.pedals[0]), float(self.pedals[1])
