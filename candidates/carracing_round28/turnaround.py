"""A ``dreamgym collect --policy`` that drives a controller, then turns the car around once (round 28).

At a random step of each episode the car brakes and steers hard to one side for a random while, then the controller
drives on in whichever direction it now faces: often back along track it has already visited, which the game pays
nothing for. The controller file comes from ``TURN_CONTROLLER`` and must act on the ``--weights`` given to collect.
"""

import os

import numpy as np
import torch

from dreamgym.weights import load_controller


class TurnAround:
    """``obs -> action`` with a per-episode schedule: controller, brake, hard turn, controller again."""

    def __init__(self) -> None:
        self.controller = None
        self.reset(seed=0)

    def reset(self, seed: int) -> None:
        """Draw this episode's turn: when it starts, how long it brakes and turns, which way and with what gas."""
        rng = np.random.default_rng([28, seed])
        self.step = 0
        self.start = int(rng.integers(150, 700))
        self.brake = int(rng.integers(30, 60))
        self.turn = int(rng.integers(40, 100))
        self.steer = float(rng.choice([-1.0, 1.0]))
        self.gas = float(rng.uniform(0.15, 0.35))

    def __call__(self, obs: np.ndarray) -> np.ndarray:
        if self.controller is None:
            self.controller = load_controller(os.environ["TURN_CONTROLLER"])[0]
        t = self.step - self.start
        self.step += 1
        if 0 <= t < self.brake:
            return np.array([0.0, 0.0, 0.8], np.float32)
        if self.brake <= t < self.brake + self.turn:
            return np.array([self.steer, self.gas, 0.0], np.float32)
        with torch.inference_mode():
            return self.controller(torch.from_numpy(np.asarray(obs, np.float32))[None])[0].numpy()


policy = TurnAround()
