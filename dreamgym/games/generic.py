"""Any Gymnasium env with image observations (or an ``rgb_array`` render) and ``Discrete`` or ``Box`` actions.

``dreamgym pipeline --env ID`` (and every stage with ``--env``) turns such an env into a game: its spec is built
here by probing the env once (its spaces, first frame and step cap), its name is ``env:ID``, and the hooks every
stage calls come from :func:`bind_hooks`. M gets reward and done heads; the data policy is held-random
exploration. The trained weights record the spec in M's metadata, so ``gym.make("dreamgym/Dream-v0",
weights=DIR)`` dreams without the source env installed, and ``dreamgym/Real-v0`` builds the real twin from it.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
from typing import Any

import gymnasium as gym
import numpy as np

from dreamgym.envs.sources import RenderedFrames
from dreamgym.envs.spec import GameSpec
from dreamgym.errors import ConfigError

PREFIX = "env:"
DREAM_ID, REAL_ID = "dreamgym/Dream-v0", "dreamgym/Real-v0"
DEFAULT_STEPS = 1000
"""Step cap of an env whose registration sets none."""


def is_generic(name: str) -> bool:
    """Whether a game name stands for a Gymnasium env served by this builder (``env:ID``)."""
    return name.startswith(PREFIX)


def _make(env_id: str, **kwargs: Any) -> gym.Env:
    """``gym.make`` with one clear error for an id that cannot be made, saying what would make it work."""
    try:
        return gym.make(env_id, **kwargs)
    except (gym.error.NameNotFound, gym.error.NamespaceNotFound, gym.error.VersionNotFound) as e:
        raise ConfigError(
            f"--env {env_id!r} is not a registered Gymnasium id ({e}). Check the spelling, or name the module "
            "that registers it first, e.g. 'ale_py:ALE/Pong-v5'."
        ) from e
    except (gym.error.DependencyNotInstalled, ImportError, ModuleNotFoundError) as e:
        raise ConfigError(f"--env {env_id!r} needs a package that is not installed here: {e}") from e


def _is_image(space: gym.Space) -> bool:
    return (
        isinstance(space, gym.spaces.Box) and space.dtype == np.uint8 and len(space.shape) == 3 and space.shape[2] == 3
    )


def _actions(env_id: str, space: gym.Space) -> tuple[int, tuple[float, ...], tuple[float, ...]]:
    """``(discrete_actions, low, high)`` of an action space the builder serves, else a clear error."""
    if isinstance(space, gym.spaces.Discrete):
        if int(space.start) != 0:
            raise ConfigError(f"--env {env_id!r}: Discrete actions must start at 0, got start {space.start}")
        return int(space.n), (), ()
    if isinstance(space, gym.spaces.Box) and len(space.shape) == 1:
        low, high = space.low.astype(float), space.high.astype(float)
        if not (np.isfinite(low).all() and np.isfinite(high).all()):
            raise ConfigError(f"--env {env_id!r}: Box actions need finite bounds, got {space}")
        return 0, tuple(low.tolist()), tuple(high.tolist())
    raise ConfigError(
        f"--env {env_id!r} has action space {space}; the builder serves Discrete(n) and 1-D Box actions "
        "(wrap a Dict or MultiDiscrete space into one of them first)"
    )


@functools.lru_cache(maxsize=16)
def spec_for_env(env_id: str) -> GameSpec:
    """Probe ``env_id`` once and describe it as a game (frames, actions, step cap), or say why it cannot be one."""
    env = _make(env_id)
    image = _is_image(env.observation_space)
    modes = env.metadata.get("render_modes", [])
    env.close()
    if not image and "rgb_array" not in modes:
        raise ConfigError(
            f"--env {env_id!r} has observations {env.observation_space} and render modes {modes}: the builder "
            "needs image observations (H, W, 3) uint8 or an 'rgb_array' render"
        )
    env = _make(env_id, **({} if image else {"render_mode": "rgb_array"}))
    try:
        discrete, low, high = _actions(env_id, env.action_space)
        obs, _ = env.reset(seed=0)
        frame = np.asarray(obs if image else env.render())
        meanings = env.unwrapped.get_action_meanings() if hasattr(env.unwrapped, "get_action_meanings") else ()
        steps = (env.spec.max_episode_steps if env.spec is not None else None) or DEFAULT_STEPS
        fps = int(env.metadata.get("render_fps") or 30)
        package = _package(env)
    finally:
        env.close()
    if frame.ndim != 3 or frame.shape[2] != 3 or frame.dtype != np.uint8:
        raise ConfigError(f"--env {env_id!r}: its frames are {frame.shape} {frame.dtype}, expected (H, W, 3) uint8")
    return GameSpec(
        name=PREFIX + env_id,
        dream_id=DREAM_ID,
        real_id=REAL_ID,
        source_id=env_id,
        discrete_actions=discrete,
        action_low=low,
        action_high=high,
        reward_from_model=True,
        max_episode_steps=int(steps),
        default_temperature=1.0,
        crop=(0, frame.shape[0], 0, frame.shape[1]),
        z_size=32,
        hidden_size=256,
        mixtures=5,
        controller_map="argmax" if discrete else "box",
        controller_outputs=discrete or len(low),
        render_fps=fps,
        module=__name__,
        source_package=package,
        source_note="frames from its observations" if image else "frames from its rgb_array render",
        frames_from_render=not image,
        action_meanings=tuple(str(m) for m in meanings),
        exploration="HeldRandomPolicy",
        docs={"summary": f"{env_id} inside M's dream, built by dreamgym's generic builder."},
    )


def _package(env: gym.Env) -> str:
    """The top-level package that defines the env's class (what must be installed to play it)."""
    return type(env.unwrapped).__module__.split(".")[0]


def spec_to_dict(spec: GameSpec) -> dict[str, Any]:
    """The spec as JSON-able data, for weights' metadata."""
    return {k: v for k, v in dataclasses.asdict(spec).items() if k != "docs"}


def spec_from_dict(data: dict[str, Any]) -> GameSpec:
    """The spec stored by :func:`spec_to_dict` (lists back to tuples), with a clear error when it is not one."""
    fields = {f.name for f in dataclasses.fields(GameSpec)}
    try:
        values = {
            k: tuple(map(tuple, v)) if k in ("salient_colour", "training_defaults") and v else v
            for k, v in data.items()
            if k in fields
        }
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        return GameSpec(**values)
    except TypeError as e:
        raise ConfigError(f"weights' metadata holds no valid game spec ({e})") from e


class Hooks:
    """The hooks of one generic spec: make the env, read its frames, explore it."""

    def __init__(self, spec: GameSpec) -> None:
        self.spec = spec

    def import_source(self) -> None:
        """Import the env's package (raises ImportError when it is missing)."""
        if not importlib.util.find_spec(self.spec.source_package):
            raise ImportError(f"package {self.spec.source_package!r} of {self.spec.source_id} is not installed")

    def make_source(self, render_mode: str | None = None, **kwargs: Any) -> gym.Env:
        """The env capped at its step limit; an env whose frames come from its render returns them as
        observations."""
        rendered = self.spec.frames_from_render
        if rendered and render_mode not in (None, "rgb_array"):
            raise ConfigError(
                f"{self.spec.source_id}'s frames come from its rgb_array render: render_mode must be that"
            )
        mode = "rgb_array" if rendered else render_mode
        env = _make(self.spec.source_id, render_mode=mode, max_episode_steps=self.spec.max_episode_steps, **kwargs)
        if rendered:
            env = RenderedFrames(env)
        return env

    @staticmethod
    def source_frame(obs: Any) -> np.ndarray:
        """The frame is the observation (rendered envs are wrapped to return it)."""
        return np.asarray(obs)

    def exploration_policy(self, rng: np.random.Generator, env: gym.Env, max_hold: int = 10) -> Any:
        """Held-random exploration: a uniform action held 1..``max_hold`` steps."""
        from dreamgym.training.policies import HeldRandomPolicy

        return HeldRandomPolicy(self.spec, rng, max_hold)

    def key_action(self, pressed: set[str]) -> Any:
        """Arrows to an action, for play. Discrete: the action named after the arrow when the env names its actions
        (ALE's ``LEFT``, ``UPRIGHT``, ..., no key ``NOOP``), else the arrows left, right, up, down play actions
        0, 1, 2, 3 (no key: 0). Box: left/right drive the first dimension to its bounds, up/down the second."""
        spec = self.spec
        if spec.discrete_actions:
            names = [m.upper() for m in spec.action_meanings]
            if names:
                wanted = "".join(a for a in ("UP", "DOWN", "RIGHT", "LEFT") if a.lower() in pressed) or "NOOP"
                return names.index(wanted) if wanted in names else (names.index("NOOP") if "NOOP" in names else 0)
            for k, arrow in enumerate(("left", "right", "up", "down")[: spec.discrete_actions]):
                if arrow in pressed:
                    return k
            return 0
        low, high = np.array(spec.action_low, np.float32), np.array(spec.action_high, np.float32)
        action = np.clip(np.zeros_like(low), low, high)
        for dim, (down_key, up_key) in enumerate((("left", "right"), ("down", "up"))[: len(low)]):
            if up_key in pressed:
                action[dim] = high[dim]
            elif down_key in pressed:
                action[dim] = low[dim]
        return action


def bind_hooks(spec: GameSpec) -> Hooks:
    """The hooks of ``spec`` (see :meth:`GameSpec.hook`)."""
    return Hooks(spec)
