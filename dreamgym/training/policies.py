"""Generic policies: the held-random exploration policy, the scripted probes, and a controller plus noise (the
iterative loop). A game's own exploration policy lives in its module."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from dreamgym.envs.spec import GameSpec
from dreamgym.models import MemoryController


class HeldRandomPolicy:
    """The paper's random policy: a uniformly random action held for 1..10 steps.

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


class SweepPolicy:
    """A probe of a Discrete(3) game of (no-op, right, left): action 1 for ``period`` steps, action 2 as long, again.

    Blind to the screen, so it tells how the dream and the game reward long strafes (the game rewards them: a
    period near the room's width survives more than twice as long as the random policy).
    """

    def __init__(self, period: int, n: int) -> None:
        self.period, self.n, self.t = period, n, 0

    def __call__(self, obs: object) -> np.ndarray:
        action = 1 if (self.t // self.period) % 2 == 0 else 2
        self.t += 1
        return np.full(self.n, action, dtype=np.int64)


PROBES = "'random', 'constant:K' (always action K) or 'sweep:P' (right P steps, left P steps, ...)"


def is_probe(policy: str) -> bool:
    """Whether ``policy`` names a scripted probe rather than a controller file (``weights`` or a path)."""
    return policy == "random" or policy.startswith(("constant:", "sweep:"))


def check_probe(policy: str, game: GameSpec) -> None:
    """Raise a clear ValueError unless ``policy`` is a probe this game can play."""
    kind, _, value = policy.partition(":")
    if kind == "random" and not value:
        return
    if not game.discrete_actions:
        raise ValueError(f"{policy}: constant:K and sweep:P are probes of discrete games only")
    if kind == "constant" and value in {str(k) for k in range(game.discrete_actions)}:
        return
    if kind == "sweep" and value.isdigit() and int(value) > 0:
        return
    raise ValueError(f"{policy}: not a probe; use {PROBES} with K in 0..{game.discrete_actions - 1} and P >= 1")


def batch_probe(policy: str, game: GameSpec, n: int, seed: int) -> Callable[[object], np.ndarray]:
    """The actions of a probe for ``n`` episodes that start together (episode i's randomness seeded seed + i)."""
    check_probe(policy, game)
    kind, _, value = policy.partition(":")
    if kind == "random":
        return BatchRandomPolicy(game, n, seed)
    if kind == "sweep":
        return SweepPolicy(int(value), n)
    return lambda obs: np.full(n, int(value), dtype=np.int64)


class ConstantAction(torch.nn.Module):
    """A controller-like module that plays discrete action ``action`` whatever it sees (the ``constant:K`` probe)."""

    def __init__(self, action: int) -> None:
        super().__init__()
        self.action = action

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        """``(B,)`` int64 actions, all ``action``."""
        return torch.full((obs.shape[0],), self.action, dtype=torch.int64, device=obs.device)


class NoisyControllerPolicy:
    """A policy acting on the world-model observation, plus exploration noise (the iterative loop).

    ``controller`` is a torch module over batches (a trained C) or any ``obs -> action`` callable. Continuous games
    add Gaussian noise of std ``noise`` to the action (clipped to the bounds); discrete games play a random action
    with probability ``noise``. With ``hold`` > 1 each draw of the noise (the offset, or the coin and its random
    action) is kept for 1..hold steps: temporally correlated noise moves the state (speed, position) where i.i.d.
    noise averages out.
    """

    def __init__(
        self,
        game: GameSpec,
        controller: torch.nn.Module | Callable[[np.ndarray], object],
        rng: np.random.Generator,
        noise: float,
        hold: int = 1,
    ) -> None:
        self.game, self.controller, self.rng, self.noise, self.hold = game, controller, rng, noise, hold
        self._left = 0
        self._draw: object = None

    def _act(self, obs: np.ndarray) -> np.ndarray:
        obs = np.asarray(obs, np.float32)
        if isinstance(self.controller, torch.nn.Module):
            with torch.inference_mode():
                return self.controller(torch.from_numpy(obs)[None])[0].numpy()
        return np.asarray(self.controller(obs))

    def _noise(self, shape: tuple[int, ...]) -> object:
        """This step's draw: a random action or None (discrete), an offset (continuous); held for 1..hold steps."""
        if self._left == 0:
            if self.game.discrete_actions:
                hit = self.rng.random() < self.noise
                self._draw = int(self.rng.integers(self.game.discrete_actions)) if hit else None
            else:
                self._draw = self.noise * self.rng.standard_normal(shape)
            self._left = int(self.rng.integers(1, self.hold + 1)) if self.hold > 1 else 1
        self._left -= 1
        return self._draw

    def __call__(self, obs: np.ndarray) -> int | np.ndarray:
        action = self._act(obs)
        draw = self._noise(np.shape(action))
        if self.game.discrete_actions:
            played: int | np.ndarray = int(action) if draw is None else int(draw)  # type: ignore[call-overload]
        else:
            noisy = action.astype(np.float64) + draw
            played = np.clip(noisy, self.game.action_low, self.game.action_high).astype(np.float32)
        if isinstance(self.controller, MemoryController):
            self.controller.played(torch.as_tensor(np.asarray(played))[None])  # its M steps on what the env plays
        return played
