"""Exploration policies that generate the random-play data V and M learn from."""

from __future__ import annotations

from collections.abc import Callable

import gymnasium as gym
import numpy as np
import torch

from dreamgym.envs.spec import GameSpec


class HeldRandomPolicy:
    """The original Take Cover random policy: a uniformly random action held for 1..10 steps.

    For continuous games the action is drawn uniformly from the Box and held the same way.
    """

    def __init__(self, game: GameSpec, rng: np.random.Generator, max_hold: int = 10) -> None:
        self.game, self.rng, self.max_hold = game, rng, max_hold
        self.action: int | np.ndarray = 0
        self.left = 0

    def __call__(self, obs: object) -> int | np.ndarray:
        if self.left <= 0:
            if self.game.discrete_actions:
                self.action = int(self.rng.integers(self.game.discrete_actions))
            else:
                low, high = np.array(self.game.action_low), np.array(self.game.action_high)
                self.action = self.rng.uniform(low, high).astype(np.float32)
            self.left = int(self.rng.integers(1, self.max_hold + 1))
        self.left -= 1
        return self.action


class BatchRandomPolicy:
    """One :class:`HeldRandomPolicy` per env of a batch (env i seeded ``seed + i``)."""

    def __init__(self, game: GameSpec, n: int, seed: int) -> None:
        self.policies = [HeldRandomPolicy(game, np.random.default_rng(seed + i)) for i in range(n)]

    def __call__(self, obs: np.ndarray) -> np.ndarray:
        return np.stack([np.asarray(p(None)) for p in self.policies])


def make_policy(
    game: GameSpec, rng: np.random.Generator, env: gym.Env, max_hold: int = 10, throttle: str = "random"
) -> Callable[[object], object]:
    """The data-collection policy of a game (Take Cover: the original random policy; CarRacing: a noisy driver)."""
    if game.discrete_actions:
        return HeldRandomPolicy(game, rng, max_hold)
    from dreamgym.training.carracing_policy import TrackFollowingPolicy

    return TrackFollowingPolicy(rng, env, throttle)


class NoisyControllerPolicy:
    """A trained controller acting on the world-model observation, plus exploration noise (the iterative loop).

    Continuous games add Gaussian noise of std ``noise`` to the action (clipped to the bounds); discrete games play
    a random action with probability ``noise``.
    """

    def __init__(self, game: GameSpec, controller: torch.nn.Module, rng: np.random.Generator, noise: float) -> None:
        self.game, self.controller, self.rng, self.noise = game, controller, rng, noise

    def __call__(self, obs: np.ndarray) -> int | np.ndarray:
        with torch.inference_mode():
            action = self.controller(torch.from_numpy(np.asarray(obs, np.float32))[None])[0].numpy()
        if self.game.discrete_actions:
            if self.rng.random() < self.noise:
                return int(self.rng.integers(self.game.discrete_actions))
            return int(action)
        noisy = action + self.noise * self.rng.standard_normal(action.shape)
        return np.clip(noisy, self.game.action_low, self.game.action_high).astype(np.float32)
