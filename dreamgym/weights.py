"""Reading and writing weight files: safetensors only, each file carrying its architecture in its metadata.

A weight directory per game holds ``vae.safetensors``, ``mdnrnn.safetensors``, ``initial_latents.safetensors``
and, once trained, ``controller.safetensors``; optionally ``mdnrnn_members.safetensors``, further members of an
ensemble of M whose first member is ``mdnrnn.safetensors``. Every loader checks that the file exists, parses, declares the
expected kind, has every expected tensor with the expected shape and a float dtype, and holds finite values;
any failure raises :class:`~dreamgym.errors.WeightsError` naming the file and the problem.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import save_file
from torch import nn

from dreamgym.errors import ConfigError, WeightsError, WeightsNotFoundError
from dreamgym.models import (
    MDNRNN,
    VAE,
    ControllerConfig,
    LinearController,
    MDNRNNConfig,
    MemoryController,
    MLPPolicy,
    MLPPolicyConfig,
    VAEConfig,
)
from dreamgym.models.ensemble import StackedMDNRNN
from dreamgym.models.mdnrnn import LowPrecisionStep, StepWeights, step_weights
from dreamgym.models.memory_controller import Controller

FORMAT_VERSION = "1"
VAE_FILE, MDNRNN_FILE, CONTROLLER_FILE, LATENTS_FILE, MEMBERS_FILE = (
    "vae.safetensors",
    "mdnrnn.safetensors",
    "controller.safetensors",
    "initial_latents.safetensors",
    "mdnrnn_members.safetensors",
)
MEMORY_PREFIX = "memory."
"""Tensor-name prefix of the M a controller file may carry (read as a :class:`MemoryController`)."""
_FLOAT_DTYPES = (torch.float32, torch.float16, torch.bfloat16, torch.float64)
M = TypeVar("M", bound=nn.Module)

if TYPE_CHECKING:
    from dreamgym.envs.spec import GameSpec


def pretrained_root() -> Path:
    """Directory of the shipped weights: inside the installed package, or the repo's ``pretrained/``."""
    packaged = Path(__file__).resolve().parent / "pretrained"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "pretrained"


def pretrained_dir(game: str) -> Path:
    """Directory of one game's shipped weights (may not exist yet)."""
    return pretrained_root() / game


def ships_weights(game: GameSpec) -> bool:
    """Whether trained weights for ``game`` ship in ``pretrained/`` (a game may be registered before they do)."""
    return (pretrained_dir(game.name) / MDNRNN_FILE).exists()


def atomic_save(tensors: dict[str, torch.Tensor], path: str | os.PathLike, metadata: dict[str, str]) -> None:
    """Write a safetensors file via a temporary file and a rename, so a crash never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        save_file({k: v.detach().contiguous().cpu() for k, v in tensors.items()}, tmp, metadata=metadata)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600 files; weights are for every reader, as open() would make
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read_safetensors(path: str | os.PathLike, kind: str) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """Read a dreamgym safetensors file of the given ``kind``; returns ``(tensors, metadata)`` after checks."""
    path = Path(path)
    if not path.is_file():
        raise WeightsNotFoundError(f"weight file {path} does not exist")
    try:
        with safe_open(str(path), framework="pt") as f:  # one pass: tensors and metadata
            raw_meta = f.metadata() or {}
            tensors = {name: f.get_tensor(name) for name in f.keys()}
    except (SafetensorError, OSError, ValueError, RuntimeError) as e:
        raise WeightsError(
            f"{path} is not a readable safetensors file ({e}); it may be truncated, corrupt or a pickle. "
            "Re-copy or re-train it; dreamgym only loads safetensors."
        ) from e
    meta = _parse_metadata(path, raw_meta, kind)
    for name, t in tensors.items():
        if t.dtype not in _FLOAT_DTYPES:
            raise WeightsError(f"{path}: tensor {name!r} has dtype {t.dtype}, expected a float dtype")
        if not torch.isfinite(t).all():
            raise WeightsError(f"{path}: tensor {name!r} contains NaN or infinite values")
    return {k: v.float() if v.dtype in (torch.float16, torch.bfloat16) else v for k, v in tensors.items()}, meta


def read_metadata(path: str | os.PathLike, kind: str) -> dict[str, Any]:
    """The metadata of a dreamgym safetensors file of ``kind``, without reading its tensors."""
    path = Path(path)
    if not path.is_file():
        raise WeightsNotFoundError(f"weight file {path} does not exist")
    try:
        with safe_open(str(path), framework="pt") as f:
            raw = f.metadata() or {}
    except (SafetensorError, OSError, ValueError, RuntimeError) as e:
        raise WeightsError(f"{path} is not a readable safetensors file ({e})") from e
    return _parse_metadata(path, raw, kind)


def _parse_metadata(path: Path, raw: dict[str, str], kind: str) -> dict[str, Any]:
    """Check a file's declared kind and decode its JSON metadata values, with errors naming the file."""
    if raw.get("dreamgym_kind") != kind:
        raise WeightsError(
            f"{path} declares kind {raw.get('dreamgym_kind')!r} in its metadata, expected {kind!r}: "
            "is this the right file?"
        )
    try:
        return {k: json.loads(v) for k, v in raw.items() if k != "dreamgym_kind"}
    except json.JSONDecodeError as e:
        raise WeightsError(f"{path} has metadata that is not valid JSON ({e})") from e


def _save_module(module: nn.Module, path: str | os.PathLike, kind: str, extra: dict[str, Any] | None) -> None:
    meta = {"dreamgym_kind": kind, "format_version": json.dumps(FORMAT_VERSION)}
    meta["config"] = json.dumps(dataclasses.asdict(module.config))  # type: ignore[arg-type]
    for k, v in (extra or {}).items():
        meta[k] = json.dumps(v)
    atomic_save(dict(module.state_dict()), path, meta)


def _load_module(path: str | os.PathLike, kind: str, cls: type[M], config_cls: type) -> tuple[M, dict[str, Any]]:
    tensors, meta = read_safetensors(path, kind)
    return _build_module(path, kind, cls, config_cls, meta.get("config"), tensors), meta


def _build_module(
    path: str | os.PathLike,
    kind: str,
    cls: type[M],
    config_cls: type,
    config_dict: Any,
    tensors: dict[str, torch.Tensor],
) -> M:
    """A module of ``cls`` from its config and exactly its tensors, with errors naming the file."""
    try:
        config = config_cls(**config_dict)
        module = cls(config)
    except (KeyError, TypeError, ValueError) as e:
        raise WeightsError(f"{path}: metadata has no valid {kind} config ({e})") from e
    expected = module.state_dict()
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(expected))
    if missing or unexpected:
        raise WeightsError(f"{path}: missing tensors {missing}, unexpected tensors {unexpected} for config {config}")
    for name, t in expected.items():
        if tensors[name].shape != t.shape:
            raise WeightsError(
                f"{path}: tensor {name!r} has shape {tuple(tensors[name].shape)}, expected {tuple(t.shape)} "
                f"for config {config}"
            )
    module.load_state_dict(tensors)
    module.eval()
    return module


def save_vae(vae: VAE, path: str | os.PathLike, preprocess: dict[str, Any]) -> None:
    """Save V with its config and the frame preprocessing it was trained on."""
    _save_module(vae, path, "vae", {"preprocess": preprocess})


def load_vae(path: str | os.PathLike) -> tuple[VAE, dict[str, Any]]:
    """Load V; returns ``(vae, metadata)`` where ``metadata["preprocess"]`` describes its frames."""
    return _load_module(path, "vae", VAE, VAEConfig)


def save_mdnrnn(m: MDNRNN, path: str | os.PathLike, extra: dict[str, Any] | None = None) -> None:
    """Save M with its config."""
    _save_module(m, path, "mdnrnn", extra)


def load_mdnrnn(path: str | os.PathLike) -> tuple[MDNRNN, dict[str, Any]]:
    """Load M; returns ``(mdnrnn, metadata)``."""
    return _load_module(path, "mdnrnn", MDNRNN, MDNRNNConfig)


def save_mdnrnn_members(
    members: list[MDNRNN],
    path: str | os.PathLike,
    extra: dict[str, Any] | None = None,
    dtype: torch.dtype = torch.float32,
) -> None:
    """Save further ensemble members of one config in one file (``{k}.`` prefixes, k = 1, 2, ...), stored as
    ``dtype`` (float16 halves the file; loading gives float32 back)."""
    if not members or any(m.config != members[0].config for m in members):
        raise ConfigError("ensemble members must be one or more MDN-RNNs of the same config")
    meta = {"dreamgym_kind": "mdnrnn_members", "format_version": json.dumps(FORMAT_VERSION)}
    meta["config"] = json.dumps(dataclasses.asdict(members[0].config))
    meta["members"] = json.dumps(len(members))
    for k, v in (extra or {}).items():
        meta[k] = json.dumps(v)
    tensors = {f"{i}.{name}": t.to(dtype) for i, m in enumerate(members, 1) for name, t in m.state_dict().items()}
    atomic_save(tensors, path, meta)


def load_mdnrnn_members(path: str | os.PathLike) -> tuple[list[MDNRNN], dict[str, Any]]:
    """Load the further members of an ensemble of M; returns ``(members, metadata)``."""
    tensors, meta = read_safetensors(path, "mdnrnn_members")
    try:
        config = MDNRNNConfig(**meta["config"])
        count = int(meta["members"])
    except (KeyError, TypeError, ValueError) as e:
        raise WeightsError(f"{path}: metadata has no valid mdnrnn_members config and count ({e})") from e
    members = []
    for i in range(1, count + 1):
        m = MDNRNN(config)
        prefix = f"{i}."
        own = {k[len(prefix) :]: v for k, v in tensors.items() if k.startswith(prefix)}
        expected = m.state_dict()
        if set(own) != set(expected) or any(own[k].shape != t.shape for k, t in expected.items()):
            raise WeightsError(f"{path}: member {i}'s tensors do not match config {config}")
        m.load_state_dict(own)
        members.append(m.eval())
    if len(tensors) != count * len(members[0].state_dict()):
        raise WeightsError(f"{path}: holds tensors beyond its {count} members")
    return members, meta


def file_sha256(path: str | os.PathLike) -> str:
    """Hex SHA-256 of a file's bytes: the provenance of the M a controller was trained in."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def save_controller(
    c: Controller,
    path: str | os.PathLike,
    extra: dict[str, Any] | None = None,
    memory_file: str | os.PathLike | None = None,
) -> None:
    """Save C with its config (and e.g. the temperature it was trained at in ``extra``); a controller with its
    own M stores that M beside it (tensors ``memory.*``, metadata ``memory_config``), or, given ``memory_file`` (the
    file that M was loaded from), only a link to it: its path relative to ``path``'s directory and its SHA-256."""
    if memory_file is not None:
        if not isinstance(c, MemoryController):
            raise ConfigError(f"{path}: only a controller with its own M can link to an M file")
        rel = os.path.relpath(Path(memory_file).resolve(), Path(path).resolve().parent)
        link = {"memory_file": Path(rel).as_posix(), "memory_sha256": file_sha256(memory_file)}
        _save_module(c.controller, path, "controller", {**(extra or {}), **link})
        return
    if not isinstance(c, MemoryController):
        _save_module(c, path, "controller", extra)
        return
    meta = {"dreamgym_kind": "controller", "format_version": json.dumps(FORMAT_VERSION)}
    meta["config"] = json.dumps(dataclasses.asdict(c.controller.config))
    meta["memory_config"] = json.dumps(dataclasses.asdict(c.memory.config))
    for k, v in (extra or {}).items():
        meta[k] = json.dumps(v)
    tensors = dict(c.controller.state_dict()) | {f"{MEMORY_PREFIX}{k}": v for k, v in c.memory.state_dict().items()}
    atomic_save(tensors, path, meta)


def load_controller(path: str | os.PathLike) -> tuple[Controller, dict[str, Any]]:
    """Load C; returns ``(controller, metadata)``. A file holding C's own M gives a :class:`MemoryController`."""
    tensors, meta = read_safetensors(path, "controller")
    own = {k: v for k, v in tensors.items() if not k.startswith(MEMORY_PREFIX)}
    c = _build_module(path, "controller", LinearController, ControllerConfig, meta.get("config"), own)
    if "memory_file" in meta:
        m = _linked_memory(Path(path), meta)
    elif "memory_config" in meta:
        memory = {k.removeprefix(MEMORY_PREFIX): v for k, v in tensors.items() if k.startswith(MEMORY_PREFIX)}
        m = _build_module(path, "controller memory", MDNRNN, MDNRNNConfig, meta["memory_config"], memory)
    else:
        return c, meta
    try:
        return MemoryController(c, m).eval(), meta
    except ValueError as e:
        raise WeightsError(f"{path}: the controller and its memory do not fit together ({e})") from None


def _linked_memory(path: Path, meta: dict[str, Any]) -> MDNRNN:
    """The M a controller file links to, checked to be the very file it was bundled with."""
    target = path.parent / str(meta["memory_file"])
    if not target.is_file():
        raise WeightsError(
            f"{path} reads its h from the M in {target}, which does not exist: keep that file where it was "
            "(relative to the controller) or bundle the controller again with `dreamgym bundle`"
        )
    if file_sha256(target) != meta.get("memory_sha256"):
        raise WeightsError(
            f"{path} reads its h from {target}, but that file changed since it was bundled (its SHA-256 differs): "
            "restore it or bundle the controller again with `dreamgym bundle`"
        )
    return load_mdnrnn(target)[0]


def save_mlp_policy(policy: MLPPolicy, path: str | os.PathLike, extra: dict[str, Any] | None = None) -> None:
    """Save an MLP policy (e.g. an exported PPO actor) with its config."""
    _save_module(policy, path, "mlp_policy", extra)


def load_mlp_policy(path: str | os.PathLike) -> tuple[MLPPolicy, dict[str, Any]]:
    """Load an MLP policy; returns ``(policy, metadata)``."""
    return _load_module(path, "mlp_policy", MLPPolicy, MLPPolicyConfig)


def save_initial_latents(mu: torch.Tensor, logvar: torch.Tensor, path: str | os.PathLike) -> None:
    """Save the first-frame posteriors ``(N, z_size)`` of real episodes, from which dreams start."""
    meta = {"dreamgym_kind": "initial_latents", "format_version": json.dumps(FORMAT_VERSION)}
    atomic_save({"mu": mu.float(), "logvar": logvar.float()}, path, meta)


def load_initial_latents(path: str | os.PathLike, z_size: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Load ``(mu, logvar)`` first-frame latents, checking they are ``(N >= 1, z_size)``."""
    tensors, _ = read_safetensors(path, "initial_latents")
    for name in ("mu", "logvar"):
        t = tensors.get(name)
        if t is None:
            raise WeightsError(f"{path}: missing tensor {name!r}")
        if t.dim() != 2 or t.shape[0] < 1 or t.shape[1] != z_size:
            raise WeightsError(f"{path}: tensor {name!r} has shape {tuple(t.shape)}, expected (N, {z_size})")
    if tensors["mu"].shape != tensors["logvar"].shape:
        raise WeightsError(f"{path}: mu and logvar shapes differ")
    return tensors["mu"], tensors["logvar"]


@dataclass
class WorldModel:
    """Everything a dream needs, loaded from one weight directory."""

    directory: Path
    vae: VAE
    mdnrnn: MDNRNN
    initial_mu: torch.Tensor
    initial_logvar: torch.Tensor
    preprocess: dict[str, Any]
    controller: Controller | None
    controller_meta: dict[str, Any]
    extra_members: tuple[MDNRNN, ...] = ()

    @property
    def z_size(self) -> int:
        """Width of z in the dream and the real twin: V's latents, then the measurements M was trained with."""
        return self.mdnrnn.config.z_size

    @property
    def members(self) -> tuple[MDNRNN, ...]:
        """Every member of the ensemble of M, ``mdnrnn`` first (a single M is an ensemble of one)."""
        return (self.mdnrnn, *self.extra_members)

    @functools.cached_property
    def step_weights(self) -> tuple[StepWeights, ...]:
        """Every member's weights as numpy arrays for the single-env step (``mdnrnn`` first), built once and shared
        by every env."""
        return tuple(step_weights(m) for m in self.members)

    @functools.cached_property
    def bf16_step(self) -> LowPrecisionStep:
        """M's step with bfloat16 matrix products (the dream's ``dtype="bfloat16"``), built once and shared."""
        return LowPrecisionStep(self.mdnrnn).to(self.initial_mu.device)

    @functools.cached_property
    def stacked_members(self) -> StackedMDNRNN:
        """The members stacked for batched stepping, built once and shared by every env using this model."""
        return StackedMDNRNN(self.members).to(self.initial_mu.device)

    def to(self, device: torch.device | str) -> WorldModel:
        """Move every tensor to ``device`` in place; returns self."""
        self.vae.to(device)
        for m in self.members:
            m.to(device)
        if self.controller is not None:
            self.controller.to(device)
        self.initial_mu = self.initial_mu.to(device)
        self.initial_logvar = self.initial_logvar.to(device)
        for name, attribute in vars(WorldModel).items():  # the derived steps: built again, on the new device, when used
            if isinstance(attribute, functools.cached_property):
                self.__dict__.pop(name, None)
        return self


def load_world_model(directory: str | os.PathLike) -> WorldModel:
    """Load V, M, the initial latents and (if present) C from one directory, checking they fit together."""
    directory = Path(directory)
    if not directory.is_dir():
        raise WeightsNotFoundError(f"weight directory {directory} does not exist")
    vae, vae_meta = load_vae(directory / VAE_FILE)
    m, _ = load_mdnrnn(directory / MDNRNN_FILE)
    if m.config.z_size != vae.config.z_size + m.config.measured:
        measured = f" + {m.config.measured} measurements" if m.config.measured else ""
        raise WeightsError(
            f"{directory}: M expects z_size {m.config.z_size} but V has z_size {vae.config.z_size}{measured}; "
            "the two files come from different runs"
        )
    mu, logvar = load_initial_latents(directory / LATENTS_FILE, m.config.z_size)
    controller, c_meta = None, {}
    if (directory / CONTROLLER_FILE).exists():
        controller, c_meta = load_controller(directory / CONTROLLER_FILE)
        memory = controller.memory.config if isinstance(controller, MemoryController) else m.config
        expected = memory.z_size + memory.hidden_size
        own_v = memory.z_size - memory.measured
        if controller.config.input_size != expected or own_v != vae.config.z_size or memory.z_size > m.config.z_size:
            whose = "its own M's" if isinstance(controller, MemoryController) else "M's"
            raise WeightsError(
                f"{directory / CONTROLLER_FILE}: controller takes {controller.config.input_size} inputs but "
                f"{whose} z_size + hidden_size = {expected} (its M reads z_size {memory.z_size}, V gives "
                f"{vae.config.z_size} and M {m.config.z_size})"
            )
    extra: list[MDNRNN] = []
    if (directory / MEMBERS_FILE).exists():
        extra, _ = load_mdnrnn_members(directory / MEMBERS_FILE)
        if extra[0].config != m.config:
            raise WeightsError(
                f"{directory / MEMBERS_FILE}: its members' config {extra[0].config} differs from "
                f"{MDNRNN_FILE}'s {m.config}; every member of the ensemble must share one architecture"
            )
    preprocess = vae_meta.get("preprocess", {})
    return WorldModel(directory, vae, m, mu, logvar, preprocess, controller, c_meta, tuple(extra))


def resolve_weights(game: GameSpec | None, weights: str | os.PathLike | None) -> Path:
    """The weight directory to use: ``weights`` if given, else the shipped one, with a clear error if absent."""
    if weights is not None:
        path = Path(weights)
        if not path.is_dir():
            raise WeightsNotFoundError(f"weights={str(weights)!r} is not a directory of dreamgym weight files")
        return path
    if game is None:
        raise WeightsNotFoundError("no weights= given, and no game to look up shipped weights for")
    path = pretrained_dir(game.name)
    if not ships_weights(game):
        raise WeightsNotFoundError(
            f"No pretrained weights ship for {game.dream_id} in this version of dreamgym (looked in {path}). "
            f"Train them with `dreamgym pipeline {game.name} --workdir DIR` and pass weights=DIR/weights, "
            "or pass weights= a directory you trained."
        )
    return path


@functools.lru_cache(maxsize=8)
def _cached_world_model(directory: str, stamps: tuple[float, ...], device: str) -> WorldModel:
    wm = load_world_model(directory).to(device)
    for module in (wm.vae, *wm.members, wm.controller):
        if module is not None:
            module.requires_grad_(False)
    return wm


def load_cached(directory: Path, device: str) -> WorldModel:
    """Load a world model once per (directory, file times, device); envs share the read-only modules."""
    try:
        torch.device(device)
    except (RuntimeError, TypeError) as e:
        raise ConfigError(f"device must be a torch device string such as 'cpu' or 'cuda', got {device!r}") from e
    if str(device).startswith("cuda") and not torch.cuda.is_available():
        raise ConfigError(f"device={device!r} was requested but CUDA is not available on this machine")
    stamps = tuple(p.stat().st_mtime for p in sorted(directory.glob("*.safetensors")))
    return _cached_world_model(str(directory.resolve()), stamps, str(device))
