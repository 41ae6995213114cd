"""The policy zoo: a fixed, versioned set of policies a world model is judged by (the fidelity benchmark).

A zoo is a directory with ``zoo.json`` and the policies' weight files. Each entry of ``zoo.json``'s
``policies`` list has a unique ``name`` and either

- ``probe``: a scripted probe (``random``, ``constant:K``, ``sweep:P``), blind to the screen;
- ``action``: one fixed action played every step (a list for a ``Box`` game, e.g. full gas straight ahead), blind; or
- ``file``: a safetensors policy in the zoo directory, a linear controller (``dreamgym_kind`` ``controller``) or an
  MLP policy (``mlp_policy``, e.g. a PPO actor exported by :func:`dreamgym.sb3.export_policy`), optionally with
  ``epsilon`` (a random action with that probability each step, drawn per episode from its seed) and/or
  ``param_noise`` with ``noise_seed`` (one fixed Gaussian perturbation of every parameter), ``action_min`` (a lower
  bound per action dimension, ``null`` for none, on the policy's own actions of a ``Box`` game: e.g. a gas floor,
  the same driver pushed faster), and ``memory``: an M file in the zoo directory whose hidden state the policy reads
  instead of the judged M's (see :class:`OwnMemory`).

A zoo may name the V its screen-reading policies were trained on: ``vision``, the :func:`file_fingerprint` of that
``vae.safetensors``. Those policies read z, which means nothing through another V, so weights with another V are
refused for them (:func:`check_vision`) instead of judged silently wrong.

``command`` says how a file was made; ``note`` says what the policy is for. Nothing in a zoo is a pickle.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
import torch
from safetensors import SafetensorError, safe_open
from torch import nn

from dreamgym.envs.spec import GameSpec
from dreamgym.errors import ConfigError, WeightsError, WeightsNotFoundError
from dreamgym.models import MemoryController
from dreamgym.models.mdnrnn import MDNRNN
from dreamgym.training.policies import batch_probe, check_probe
from dreamgym.weights import load_controller, load_mdnrnn, load_mlp_policy, pretrained_dir

ZOO_FILE = "zoo.json"
ZOO_FORMAT = 1
BatchPolicy = Callable[[np.ndarray], np.ndarray]
_LOADERS = {"controller": load_controller, "mlp_policy": load_mlp_policy}
_LATER_FIELDS = ("action", "memory", "action_min")
"""Entry fields added after the first zoo format: hashed only when set, so real returns cached before stay valid."""


@dataclass(frozen=True)
class ZooPolicy:
    """One zoo entry (see the module docstring)."""

    name: str
    probe: str | None = None
    action: Any = None
    file: str | None = None
    epsilon: float = 0.0
    param_noise: float = 0.0
    noise_seed: int = 0
    memory: str | None = None
    action_min: list[float | None] | None = None
    command: str = ""
    note: str = ""

    @property
    def blind(self) -> bool:
        """True for probes and fixed actions: they ignore observations, so their real returns do not depend on V
        and M."""
        return self.probe is not None or self.action is not None

    @property
    def reads_judged_m(self) -> bool:
        """True when the policy sees the h of the M being judged (a file policy without its own ``memory``)."""
        return self.file is not None and self.memory is None


@dataclass(frozen=True)
class Zoo:
    """A loaded zoo: its directory, version, game name and policies in order."""

    directory: Path
    version: int
    game: str
    policies: tuple[ZooPolicy, ...]
    vision: str | None = None

    def select(self, names: list[str] | None) -> tuple[ZooPolicy, ...]:
        """The policies named in ``names`` (all when None), with a clear error for an unknown name."""
        if not names:
            return self.policies
        known = {p.name: p for p in self.policies}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ConfigError(f"unknown zoo policies {unknown}; the zoo in {self.directory} has {sorted(known)}")
        return tuple(known[n] for n in names)


def default_zoo_dir(game: GameSpec, weights: Path | None) -> Path:
    """The zoo a weight directory is judged by: its own ``zoo/`` if it has one, else the game's shipped zoo."""
    if weights is not None and (Path(weights) / "zoo" / ZOO_FILE).is_file():
        return Path(weights) / "zoo"
    return pretrained_dir(game.name) / "zoo"


def load_zoo(directory: str | Path, game: GameSpec) -> Zoo:
    """Read and check ``directory/zoo.json``: known fields, unique names, valid probes, files present."""
    directory = Path(directory)
    path = directory / ZOO_FILE
    if not path.is_file():
        raise WeightsNotFoundError(
            f"no policy zoo at {directory} (expected {ZOO_FILE}); pass --zoo a directory with one, e.g. "
            f"{pretrained_dir(game.name) / 'zoo'}"
        )
    try:
        raw = json.loads(path.read_text())
    except json.JSONDecodeError as e:
        raise WeightsError(f"{path} is not valid JSON ({e})") from e
    if raw.get("format_version") != ZOO_FORMAT:
        raise WeightsError(f"{path}: format_version {raw.get('format_version')!r}, expected {ZOO_FORMAT}")
    if raw.get("game") != game.name:
        raise ConfigError(f"{path} is a zoo for {raw.get('game')!r}, not {game.name!r}")
    policies = []
    for i, entry in enumerate(raw.get("policies", [])):
        try:
            p = ZooPolicy(**entry)
        except TypeError as e:
            raise WeightsError(f"{path}: policy #{i} has an unknown or missing field ({e})") from e
        if sum(x is not None for x in (p.probe, p.action, p.file)) != 1:
            raise WeightsError(f"{path}: policy {p.name!r} needs exactly one of 'probe', 'action' or 'file'")
        if p.action is not None and not game.action_space().contains(_as_action(p.action, game)):
            raise WeightsError(f"{path}: policy {p.name!r} plays {p.action!r}, outside {game.describe_actions()}")
        if p.probe is not None:
            try:
                check_probe(p.probe, game)
            except ValueError as e:
                raise WeightsError(f"{path}: policy {p.name!r}: {e}") from None
        elif p.file is not None and not (directory / p.file).is_file():
            raise WeightsNotFoundError(f"{path}: policy {p.name!r} names {p.file}, which is not in {directory}")
        if p.memory is not None and p.file is None:
            raise WeightsError(f"{path}: policy {p.name!r} has a 'memory' but no 'file': only file policies read h")
        if p.memory is not None and not (directory / p.memory).is_file():
            raise WeightsNotFoundError(
                f"{path}: policy {p.name!r} names memory {p.memory}, which is not in {directory}"
            )
        if not 0.0 <= p.epsilon <= 1.0 or p.param_noise < 0:
            raise WeightsError(f"{path}: policy {p.name!r} needs 0 <= epsilon <= 1 and param_noise >= 0")
        if p.action_min is not None:
            _check_action_min(p, game, path)
        policies.append(p)
    names = [p.name for p in policies]
    if not policies or len(set(names)) != len(names):
        raise WeightsError(f"{path}: the zoo needs at least one policy and unique names, got {names}")
    vision = raw.get("vision")
    if vision is not None and not (isinstance(vision, str) and re.fullmatch(r"[0-9a-f]{16}", vision)):
        raise WeightsError(f"{path}: 'vision' must be a V file's 16-hex fingerprint (file_fingerprint), got {vision!r}")
    return Zoo(directory, int(raw.get("zoo_version", 1)), game.name, tuple(policies), vision)


def file_fingerprint(*paths: Path) -> str:
    """A short hash of the files' bytes (a V, or a V and an M): what cached real returns and ``vision`` refer to."""
    h = hashlib.sha1()
    for p in paths:
        h.update(Path(p).read_bytes())
    return h.hexdigest()[:16]


def check_vision(zoo: Zoo, policies: tuple[ZooPolicy, ...], vae_path: Path) -> None:
    """Raise ConfigError when screen-reading ``policies`` of a zoo made on another V would be played through
    ``vae_path`` (their z would mean nothing there); blind policies and zoos without ``vision`` always pass."""
    seeing = [p.name for p in policies if not p.blind]
    if zoo.vision is None or not seeing:
        return
    if not Path(vae_path).is_file():
        raise WeightsNotFoundError(f"no V at {vae_path}: the zoo's policies {seeing} read z through the weights' V")
    found = file_fingerprint(vae_path)
    if found != zoo.vision:
        blind = [p.name for p in zoo.policies if p.blind]
        raise ConfigError(
            f"the zoo in {zoo.directory} was made on V {zoo.vision}, but {vae_path} is V {found}: its policies "
            f"{seeing} read z, which means nothing through another V. Judge these weights with a zoo made on their V "
            f"(--zoo), or with the blind policies only (--policies {','.join(blind) or 'NAME,...'})"
        )


def _check_action_min(policy: ZooPolicy, game: GameSpec, path: Path) -> None:
    """Raise WeightsError unless ``action_min`` bounds a file policy's ``Box`` actions, one number or null each."""
    space = game.action_space()
    if policy.file is None or not isinstance(space, gym.spaces.Box):
        raise WeightsError(
            f"{path}: policy {policy.name!r} has an 'action_min', which bounds a file policy's actions in a game "
            f"with continuous actions ({game.name} has {game.describe_actions()})"
        )
    bounds = policy.action_min
    if not isinstance(bounds, list) or len(bounds) != space.shape[0]:
        raise WeightsError(
            f"{path}: policy {policy.name!r}: 'action_min' needs one entry per action dimension "
            f"({space.shape[0]}), a number or null; got {bounds!r}"
        )
    for i, b in enumerate(bounds):
        if b is None:
            continue
        if isinstance(b, bool) or not isinstance(b, (int, float)) or not space.low[i] <= b <= space.high[i]:
            raise WeightsError(
                f"{path}: policy {policy.name!r}: 'action_min'[{i}] = {b!r} is outside the action range "
                f"[{space.low[i]}, {space.high[i]}]"
            )


def load_policy_module(path: Path) -> nn.Module:
    """A zoo policy file as a torch module mapping observations ``(B, n)`` to env actions."""
    try:
        with safe_open(str(path), framework="pt") as f:
            kind = (f.metadata() or {}).get("dreamgym_kind")
    except (SafetensorError, OSError) as e:
        raise WeightsError(f"{path} is not a readable safetensors file ({e})") from e
    if kind not in _LOADERS:
        raise WeightsError(f"{path} holds {kind!r}; a zoo policy is one of {sorted(_LOADERS)}")
    module = _LOADERS[kind](path)[0]
    if isinstance(module, MemoryController):
        raise WeightsError(
            f"{path} carries its own M; a zoo names a policy's M in the entry's 'memory' field: write the "
            "controller without it and its M as a separate file"
        )
    module.requires_grad_(False)
    return module


def _perturbed(module: nn.Module, scale: float, seed: int) -> nn.Module:
    """``module`` with N(0, scale^2) added to every parameter, drawn from ``seed`` (deterministic everywhere)."""
    rng = np.random.default_rng(seed)
    with torch.no_grad():
        for p in module.parameters():
            p.add_(torch.from_numpy(rng.standard_normal(tuple(p.shape)).astype(np.float32) * scale))
    return module


def check_spaces(policy: ZooPolicy, module: nn.Module, obs_space: gym.Space, action_space: gym.Space) -> None:
    """Raise ConfigError unless ``module`` reads ``obs_space`` and returns actions in ``action_space``."""
    obs = np.zeros((1, *obs_space.shape), np.float32)
    try:
        with torch.inference_mode():
            action = module(torch.from_numpy(obs)).numpy()[0]
    except RuntimeError as e:
        raise ConfigError(
            f"zoo policy {policy.name!r} does not fit these weights' observations {obs_space.shape} ({e}); "
            "was it trained on another world model's spaces?"
        ) from None
    if not action_space.contains(np.asarray(action, dtype=action_space.dtype)):
        raise ConfigError(f"zoo policy {policy.name!r} returns {action!r}, outside the action space {action_space}")


class _FilePolicy:
    """A zoo file policy over ``n`` episodes that start together (episode i's epsilon draws seeded seed + i); its
    own actions raised to ``action_min`` where set (exploring actions stay uniform)."""

    def __init__(self, module: nn.Module, policy: ZooPolicy, game: GameSpec, n: int, seed: int) -> None:
        self.module, self.epsilon, self.space = module, policy.epsilon, game.action_space()
        self.rngs = [np.random.default_rng([seed + i, 0x5EED]) for i in range(n)] if policy.epsilon else []
        self.floor = None
        if policy.action_min is not None:
            self.floor = np.array([-np.inf if b is None else b for b in policy.action_min], np.float32)

    def __call__(self, obs: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            actions = self.module(torch.from_numpy(np.asarray(obs, np.float32))).numpy()
        if self.floor is not None:
            actions = np.maximum(actions, self.floor)
        for i, rng in enumerate(self.rngs):
            explore = rng.random() < self.epsilon
            random_action = _random_action(self.space, rng)
            if explore:
                actions[i] = random_action
        return actions


def _as_action(value: Any, game: GameSpec) -> Any:
    """A zoo entry's fixed action as the game's action type (an int, or a float32 array)."""
    space = game.action_space()
    try:
        if isinstance(space, gym.spaces.Discrete):
            return np.int64(value)
        return np.asarray(value, dtype=np.float32).reshape(space.shape)
    except (TypeError, ValueError):
        return value


def _random_action(space: gym.Space, rng: np.random.Generator) -> Any:
    """One uniform action of a Discrete or Box space, drawn from ``rng`` (one draw per step, explored or not)."""
    if isinstance(space, gym.spaces.Discrete):
        return int(rng.integers(space.n))
    return rng.uniform(space.low, space.high).astype(np.float32)


def batch_policy(
    policy: ZooPolicy,
    zoo_dir: Path,
    game: GameSpec,
    n: int,
    seed: int,
    obs_space: gym.Space | None = None,
) -> BatchPolicy:
    """The actions of a zoo policy for ``n`` episodes that start together (episode i seeded ``seed + i``).

    ``obs_space`` (the env's single observation space) is checked against a file policy when given.
    """
    if policy.probe is not None:
        return batch_probe(policy.probe, game, n, seed)
    if policy.action is not None:
        action = _as_action(policy.action, game)
        return lambda obs: np.repeat(np.asarray(action)[None], n, axis=0)
    module = load_policy_module(Path(zoo_dir) / policy.file)
    if policy.param_noise:
        module = _perturbed(module, policy.param_noise, policy.noise_seed)
    if policy.memory is None:
        if obs_space is not None:
            check_spaces(policy, module, obs_space, game.action_space())
        return _FilePolicy(module, policy, game, n, seed)
    m = load_memory(Path(zoo_dir) / policy.memory, policy)
    z_size, hidden = m.config.z_size, m.config.hidden_size
    if obs_space is not None:
        if obs_space.shape[0] <= z_size:
            raise ConfigError(
                f"zoo policy {policy.name!r} reads z ({z_size}) and its own M's h from latent observations; "
                f"these weights observe {obs_space.shape}"
            )
        own_space = gym.spaces.Box(-np.inf, np.inf, (z_size + hidden,), np.float32)
        check_spaces(policy, module, own_space, game.action_space())
    return OwnMemory(_FilePolicy(module, policy, game, n, seed), m, game, n)


def load_memory(path: Path, policy: ZooPolicy) -> MDNRNN:
    """The M file of a policy's ``memory`` (a clear error naming the policy when it is not an M)."""
    try:
        m = load_mdnrnn(path)[0]
    except WeightsError as e:
        raise WeightsError(f"zoo policy {policy.name!r}: its memory is not an M file ({e})") from None
    return m.requires_grad_(False)


class OwnMemory:
    """A policy of concat(z, h) whose h comes from its own M, stepped on the observed z and its own actions.

    A controller reads the h of the M it was trained with. Judged through another M it would see another h and
    behave differently, in the game too, so its real score would change with every M candidate. With its own M
    it plays the same in the real game whatever M is judged: its real returns depend on V only, and only the
    dream's ranking changes. (Through the M it was trained with, it plays as without memory.)
    """

    def __init__(self, policy: BatchPolicy, m: MDNRNN, game: GameSpec, n: int) -> None:
        self.policy, self.m, self.game, self.z_size = policy, m, game, m.config.z_size
        self.h, self.c = m.initial_state(n)

    @torch.inference_mode()
    def __call__(self, obs: np.ndarray) -> np.ndarray:
        z = torch.from_numpy(np.ascontiguousarray(np.asarray(obs, np.float32)[:, : self.z_size]))
        actions = self.policy(torch.cat([z, self.h], dim=1).numpy())
        encoded = self.game.encode_actions(torch.as_tensor(np.asarray(actions)))
        _, self.h, self.c = self.m.step(z, encoded, self.h, self.c)
        return actions


def policy_fingerprint(policy: ZooPolicy, zoo_dir: Path) -> str:
    """A short hash of an entry and its file: a real return cached under it stays valid while both are unchanged."""
    fields = {k: v for k, v in policy.__dict__.items() if not (k in _LATER_FIELDS and v is None)}
    h = hashlib.sha1(json.dumps(fields, sort_keys=True).encode())
    for name in (policy.file, policy.memory):
        if name is not None:
            h.update((Path(zoo_dir) / name).read_bytes())
    return h.hexdigest()[:16]
