"""Exploration policies that generate the random-play data V and M learn from."""

from __future__ import annotations

from collections.abc import Callable

import gymnasium as gym
import numpy as np

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
    game: GameSpec, rng: np.random.Generator, env: gym.Env, max_hold: int = 10
) -> Callable[[object], object]:
    """The data-collection policy of a game (Take Cover: the original random policy; CarRacing: a noisy driver)."""
    if game.discrete_actions:
        return HeldRandomPolicy(game, rng, max_hold)
    from dreamgym.training.carracing_policy import TrackFollowingPolicy

    return TrackFollowingPolicy(rng, env)
