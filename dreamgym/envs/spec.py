"""A game spec: everything that differs between games, so every stage runs one code path for all of them.

Facts are fields; behaviour (making the real game, reading its frames, exploring it, mapping keys to actions)
lives in the game's module under ``dreamgym.games``, reached through :meth:`GameSpec.hook`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import gymnasium as gym
import numpy as np
import torch

from dreamgym.errors import ConfigError

if TYPE_CHECKING:
    from dreamgym.models.controller import ControllerConfig

Z_BOUND = 10.0
"""Sampled latents are clipped to [-Z_BOUND, Z_BOUND] so latent observation spaces have finite bounds."""
MEASUREMENT_LOGVAR = 2 * float(np.log(0.05))
"""The log-variance a measurement gets beside V's posterior in encoded data: its reading is exact up to the frame's
pixel steps, so M sees it with a small fixed noise, as it sees z drawn from V's posterior."""


@dataclass(frozen=True)
class GameSpec:
    """One game's facts: ids, spaces, preprocessing, reward and model sizes."""

    name: str
    dream_id: str
    real_id: str
    source_id: str
    discrete_actions: int
    """Number of discrete actions, or 0 for a continuous ``Box`` action."""
    action_low: tuple[float, ...]
    action_high: tuple[float, ...]
    reward_from_model: bool
    """False: +1 per step alive (a survival game). True: M's reward head."""
    max_episode_steps: int
    default_temperature: float
    crop: tuple[int, int, int, int]
    z_size: int
    hidden_size: int
    mixtures: int
    controller_map: str
    controller_outputs: int
    render_fps: int
    termination: str = "threshold"
    """Default dream termination: ``threshold`` (done logit > 0, as the original) or ``sample`` (a Bernoulli draw)."""
    salient_colour: tuple[tuple[int, int, int], tuple[int, int, int]] | None = None
    """RGB box (low, high) of small things V must not lose (e.g. projectiles); ``train vae --salient-weight``
    up-weights pixels inside it."""
    module: str = ""
    """The game's module (``dreamgym.games.<name>``), which defines its hooks."""
    source_package: str = ""
    """Importable package of the real game, checked without importing it (the one its extra installs)."""
    extra: str = ""
    """The pip extra that installs the real game (``pip install 'dreamgym[EXTRA]'``)."""
    source_note: str = ""
    """How the real game is set up, for cards and docs (e.g. the scenario's skill)."""
    action_meanings: tuple[str, ...] = ()
    """One word per discrete action, or per dimension of a ``Box`` action, for errors and docs."""
    step_reward: float = 0.0
    """The fixed part of every step's reward (e.g. a cost per frame); the rest is what the episode earns."""
    reward_budget: float | None = None
    """The most an episode can earn above ``step_reward`` (e.g. what all of a track's tiles pay), or None. The
    dream pays no more than this and ends the episode when it is reached, as the game ends a finished lap."""
    reward_threshold: float | None = None
    """The return above which the task counts as solved (registered as Gymnasium's ``reward_threshold``)."""
    exploration: str = ""
    """Name of the data-collection policy (for cards)."""
    exploration_options: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``dreamgym collect`` options the game's exploration policy takes, with their allowed values (the first is
    the default), e.g. ``(("throttle", ("random", "tracking")),)``."""
    frames_from_render: bool = False
    """The real game's frames come from its ``rgb_array`` render rather than its observations."""
    frame_size: int = 64
    """Side of the square frames V is trained on by default (64 as the paper; 128 for games with small objects)."""
    training_defaults: tuple[tuple[str, float], ...] = ()
    """Training options this game needs other defaults for, as ``("stage.option", value)`` pairs (e.g.
    ``("mdnrnn.done_weight", 1.0)``); an option given on the command line wins."""
    measurements: tuple[str, ...] = ()
    """Names of numbers the game's ``measure`` hook reads off each raw frame beside V's z (e.g. a dashboard's
    speed, which the crop hides). Collected with every episode; an M trained with them observes, predicts and
    dreams them as the last dimensions of z (``MDNRNNConfig.measured``)."""
    docs: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    """Env docstring prose: ``summary``, ``rewards``, ``termination``; the rest is generated from the fields."""

    def hook(self, name: str) -> Callable[..., Any]:
        """The game's function ``name`` (e.g. ``make_source``), with a clear error if the game lacks it.

        A module serving many specs (the generic builder) defines ``bind_hooks(spec)``, returning an object whose
        attributes are that spec's hooks.
        """
        if not self.module:
            raise ConfigError(f"game {self.name!r} names no module, so it has no hook {name!r}")
        module = importlib.import_module(self.module)
        bind = getattr(module, "bind_hooks", None)
        fn = getattr(bind(self) if bind is not None else module, name, None)
        if fn is None:
            raise ConfigError(f"game {self.name!r} does not define the hook {name}() in {self.module}")
        return fn

    @property
    def action_size(self) -> int:
        """Width of the action vector M consumes (one-hot for discrete games)."""
        return self.discrete_actions or len(self.action_low)

    def action_space(self) -> gym.Space:
        """The real game's action space."""
        if self.discrete_actions:
            return gym.spaces.Discrete(self.discrete_actions)
        return gym.spaces.Box(np.array(self.action_low, np.float32), np.array(self.action_high, np.float32))

    def describe_actions(self) -> str:
        """The action space in words, e.g. ``Discrete(3) (0 no-op, 1 right, 2 left)``."""
        if self.discrete_actions:
            meanings = ", ".join(f"{i} {m}" for i, m in enumerate(self.action_meanings))
            return f"Discrete({self.discrete_actions})" + (f" ({meanings})" if meanings else "")
        words = f" ({', '.join(self.action_meanings)})" if self.action_meanings else ""
        return f"Box({list(self.action_low)}, {list(self.action_high)}){words}"

    def controller_config(self, input_size: int) -> ControllerConfig:
        """The architecture of this game's linear controller C on ``input_size`` observations."""
        from dreamgym.models.controller import ControllerConfig

        bounds = (self.action_low, self.action_high) if self.controller_map == "box" else ((), ())
        return ControllerConfig(input_size, self.controller_outputs, self.controller_map, True, *bounds)

    def training_default(self, option: str, fallback: float) -> float:
        """The game's default for training option ``"stage.option"``, else ``fallback``."""
        return float(dict(self.training_defaults).get(option, fallback))

    def encode_actions(self, actions: torch.Tensor) -> torch.Tensor:
        """Env actions ``(B,)`` int or ``(B, n)`` float -> M's float input ``(B, action_size)``."""
        if self.discrete_actions:
            return torch.nn.functional.one_hot(actions.long(), self.discrete_actions).float()
        return actions.float()


def validate_temperature(temperature: object) -> float:
    """Return ``temperature`` as a float if it is finite and > 0, else raise a clear ConfigError."""
    try:
        tau = float(temperature)  # type: ignore[arg-type]
    except (TypeError, ValueError) as e:
        raise ConfigError(f"temperature must be a number, got {temperature!r}") from e
    if not np.isfinite(tau) or tau <= 0:
        raise ConfigError(f"temperature must be finite and > 0 (the paper uses 0.1 to 1.3), got {temperature!r}")
    return tau


OBSERVATION_MODES = ("latent", "z", "pixels")


def validate_observation(observation: object) -> str:
    """Return ``observation`` if it is a known mode, else raise ConfigError."""
    if observation not in OBSERVATION_MODES:
        raise ConfigError(f"observation must be one of {OBSERVATION_MODES}, got {observation!r}")
    return observation  # type: ignore[return-value]


def observation_space(observation: str, z_size: int, hidden_size: int, frame_size: int = 64) -> gym.spaces.Box:
    """The observation space for a mode: latent = concat(z, h), z, or V's frames (frame_size^2 x 3 uint8 pixels)."""
    if observation == "pixels":
        return gym.spaces.Box(0, 255, (frame_size, frame_size, 3), np.uint8)
    low = np.full(z_size, -Z_BOUND, np.float32)
    high = -low
    if observation == "latent":
        low = np.concatenate([low, -np.ones(hidden_size, np.float32)])
        high = np.concatenate([high, np.ones(hidden_size, np.float32)])
    return gym.spaces.Box(low, high, dtype=np.float32)


def resolve_reward_budget(game: GameSpec, budget: object) -> float | None:
    """An env's ``reward_budget`` argument as a number or None: ``"game"`` the game's own, None none, else a
    positive number; a clear ConfigError otherwise."""
    if isinstance(budget, str) and budget == "game":
        return game.reward_budget
    if budget is None:
        return None
    try:
        value = float(budget)  # type: ignore[arg-type]
    except (TypeError, ValueError) as e:
        raise ConfigError(f"reward_budget must be 'game', None or a positive number, got {budget!r}") from e
    if isinstance(budget, bool) or not value > 0:
        raise ConfigError(f"reward_budget must be 'game', None or a positive number, got {budget!r}")
    return value


def parse_reward_budget(text: str) -> float | str | None:
    """A command line's ``--reward-budget``: ``game``, ``none`` or a positive number (checked by the env)."""
    word = text.lower()
    if word in ("game", "none"):
        return None if word == "none" else "game"
    try:
        return float(text)
    except ValueError as e:
        raise ConfigError(f"--reward-budget must be 'game', 'none' or a positive number, got {text!r}") from e
