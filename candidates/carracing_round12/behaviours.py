"""Round 12's data policy: per episode one behaviour the dreams misjudge (docs/carracing_round12.md).

`dreamgym collect carracing --policy behaviours:policy` (run from this folder, with BEHAVIOUR_CONTROLLER naming the
driver and --weights the M it reads) plays, chosen by the episode's seed:
- stop-and-go: the driver for 50..400 steps, then a standing car (brake, then nothing) for 50..300 steps, repeated:
  a car standing on the road at many track positions, which earns nothing;
- fixed: one action held all episode (steer 0 half the time, else uniform; gas 0 a fifth of the time, else uniform):
  the blind probes' family, never the zoo's exact actions;
- pushed: the driver with its gas held at least at 0.15..0.6: a fast car that loses the road in corners.
"""

from __future__ import annotations

import os

import numpy as np
import torch

from dreamgym.weights import load_controller

BEHAVIOURS = ("stop-and-go", "fixed", "pushed")


class Behaviours:
    """An ``obs -> action`` policy whose behaviour and its parameters are drawn anew at each ``reset(seed)``."""

    def __init__(self) -> None:
        self._driver: torch.nn.Module | None = None
        self.reset(seed=0)

    def driver(self, obs: np.ndarray) -> np.ndarray:
        """The controller named by BEHAVIOUR_CONTROLLER, loaded on first use (in the worker that plays)."""
        if self._driver is None:
            self._driver = load_controller(os.environ["BEHAVIOUR_CONTROLLER"])[0]
        with torch.inference_mode():
            return self._driver(torch.from_numpy(np.asarray(obs, np.float32))[None])[0].numpy()

    def reset(self, seed: int) -> None:
        """Draw this episode's behaviour from its seed."""
        self.rng = np.random.default_rng(seed + 12)
        self.kind = BEHAVIOURS[int(self.rng.integers(len(BEHAVIOURS)))]
        steer = 0.0 if self.rng.random() < 0.5 else float(self.rng.uniform(-1, 1))
        gas = 0.0 if self.rng.random() < 0.2 else float(self.rng.uniform(0, 1))
        self.fixed = np.array([steer, gas, 0.0], np.float32)
        self.min_gas = float(self.rng.uniform(0.15, 0.6))
        self.driving, self.left, self.standing_for = True, int(self.rng.integers(50, 401)), 0

    def __call__(self, obs: np.ndarray) -> np.ndarray:
        if self.kind == "fixed":
            return self.fixed
        action = np.asarray(self.driver(obs), np.float32).copy()
        if self.kind == "pushed":
            action[1] = max(action[1], self.min_gas)
            return action
        self.left -= 1
        if self.left < 0:
            self.driving = not self.driving
            self.left = int(self.rng.integers(50, 401) if self.driving else self.rng.integers(50, 301))
            self.standing_for = 0
        if self.driving:
            return action
        self.standing_for += 1
        return np.array([0.0, 0.0, 0.8 if self.standing_for <= 30 else 0.0], np.float32)


policy = Behaviours()
