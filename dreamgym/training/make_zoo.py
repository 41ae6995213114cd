"""`dreamgym zoo GAME`: a policy zoo for weights with a new V, made from an old zoo and a controller run.

A zoo's screen-reading policies read z, so a world model with a new V cannot be judged by the old zoo
(:func:`~dreamgym.training.zoo.check_vision`). This keeps the old zoo's blind policies (with their cached real
returns, which depend on no V) and fills the other roles with the new run's policies: its controller, the same noisy
and bounded copies of it that the old zoo held of its own controller, and the CMA-ES means the run kept
(``train controller --keep-every``). Each new file policy carries the run's M as its memory, so later M candidates on
the same V re-use its real returns. The zoo is written to a temporary directory and renamed into place when complete.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gymnasium as gym

from dreamgym.cli_args import ENV_HELP, GAME_HELP, arg
from dreamgym.envs.registration import stage_game
from dreamgym.envs.spec import GameSpec
from dreamgym.errors import ConfigError, WeightsNotFoundError
from dreamgym.models import MemoryController
from dreamgym.training.fidelity import REAL_CACHE
from dreamgym.training.zoo import (
    ZOO_FILE,
    ZOO_FORMAT,
    Zoo,
    ZooPolicy,
    batch_policy,
    file_fingerprint,
    load_zoo,
    policy_fingerprint,
)
from dreamgym.weights import (
    CONTROLLER_FILE,
    MDNRNN_FILE,
    VAE_FILE,
    load_controller,
    pretrained_dir,
    save_controller,
    save_mdnrnn,
)

_GEN = re.compile(r"controller_mean_gen(\d+)\.safetensors")


@dataclass
class ZooArgs:
    """Arguments of `dreamgym zoo`."""

    game: str | None = arg(help=GAME_HELP, positional=True, optional=True)
    weights: Path = arg(
        help="the V + M the run's controller was trained in: its V becomes the zoo's vision, its M the new policies' "
        "memory"
    )
    run: Path = arg(help="a `train controller` run directory: its controller_mean_genN files become CMA-ES entries")
    out: Path = arg(help="the new zoo directory (new or empty: nothing is overwritten)")
    label: str = arg(help="the run's name in the new entries, e.g. r8: 'controller r8', 'cma r8 gen 10'")
    base: Path | None = arg(None, "the zoo whose blind policies and copies are kept (default: the game's shipped zoo)")
    controller: Path | None = arg(
        None, f"the zoo's central controller (default: WEIGHTS/{CONTROLLER_FILE}, else RUN/controller_mean.safetensors)"
    )
    env: str | None = arg(None, ENV_HELP + "; needs --base")


def central_controller(base: Zoo) -> tuple[ZooPolicy | None, list[ZooPolicy]]:
    """The base zoo's central controller (the file with the most noisy or bounded copies) and those copies."""
    copies = [p for p in base.policies if p.file and (p.epsilon or p.param_noise or p.action_min)]
    if not copies:
        return None, []
    file = Counter(p.file for p in copies).most_common(1)[0][0]
    copies = [p for p in copies if p.file == file]
    center = next((p for p in base.policies if p.file == file and p not in copies), None)
    return center, copies


def _copy_suffix(copy: ZooPolicy, center: ZooPolicy | None) -> str:
    """What a copy's name adds to its controller's: the base zoo's own words where it has them."""
    if center is not None and copy.name.startswith(center.name + " "):
        return copy.name[len(center.name) :]
    words = [f"eps {copy.epsilon:g}"] if copy.epsilon else []
    words += [f"pnoise {copy.param_noise:g}"] if copy.param_noise else []
    words += [f"min {copy.action_min}"] if copy.action_min else []
    return " " + " ".join(words)


def _entry(policy: ZooPolicy) -> dict[str, Any]:
    """A zoo.json entry: the fields that differ from their defaults."""
    defaults = ZooPolicy(name="")
    return {k: v for k, v in policy.__dict__.items() if k == "name" or v != getattr(defaults, k)}


def _run_controllers(args: ZooArgs) -> tuple[Path, list[tuple[int, Path]]]:
    """The central controller and the run's kept CMA-ES means (generation, path), with clear errors."""
    if not Path(args.run).is_dir():
        raise WeightsNotFoundError(f"--run {args.run} is not a directory (a `train controller` run)")
    controller = args.controller
    if controller is None:
        for candidate in (Path(args.weights) / CONTROLLER_FILE, Path(args.run) / "controller_mean.safetensors"):
            if candidate.is_file():
                controller = candidate
                break
    if controller is None or not Path(controller).is_file():
        raise WeightsNotFoundError(
            f"no controller: {args.controller or f'{args.weights}/{CONTROLLER_FILE} or {args.run}/controller_mean'}"
            " not found; pass --controller"
        )
    means = sorted((int(m.group(1)), p) for p in Path(args.run).iterdir() if (m := _GEN.fullmatch(p.name)))
    return Path(controller), means


def make_zoo(args: ZooArgs) -> Path:
    """Write a zoo for ``args.weights``'s V into ``args.out``; returns it."""
    game = stage_game(args.game, args.env)
    weights, out = Path(args.weights), Path(args.out)
    for name in (VAE_FILE, MDNRNN_FILE):
        if not (weights / name).is_file():
            raise WeightsNotFoundError(f"--weights {weights} has no {name}: the zoo is made for a V and an M")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ConfigError(f"--out {out} exists and is not an empty directory; choose another (nothing is overwritten)")
    base = load_zoo(args.base or pretrained_dir(game.name) / "zoo", game)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", args.label):
        raise ConfigError(f"--label must be letters, digits, '.', '_' or '-' (it names files), got {args.label!r}")
    controller, means = _run_controllers(args)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        policies = _fill(tmp, game, base, weights, controller, means, args.label)
        _check_fit(policies, tmp, game, weights)
        _write(tmp, game, base, weights, policies, args)
        tmp.chmod(0o755)
        if out.exists():
            out.rmdir()  # empty, checked above
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    print(f"wrote {out / ZOO_FILE}: {len(policies)} policies, V {file_fingerprint(weights / VAE_FILE)}")
    return out


def _fill(
    tmp: Path, game: GameSpec, base: Zoo, weights: Path, controller: Path, means: list[tuple[int, Path]], label: str
) -> list[ZooPolicy]:
    """Copy the files into ``tmp`` and return the new zoo's policies: blind ones first, then the run's."""
    memory = f"mdnrnn_{label}.safetensors"
    policies = [p for p in base.policies if p.blind]
    name, file = f"controller {label}", f"controller_{label}.safetensors"
    command = _split_controller(controller, weights, tmp / file, tmp / memory)
    policies.append(ZooPolicy(name=name, file=file, memory=memory, command=command, note="the run's controller"))
    center, copies = central_controller(base)
    for c in copies:
        policies.append(
            ZooPolicy(
                name=name + _copy_suffix(c, center),
                file=file,
                epsilon=c.epsilon,
                param_noise=c.param_noise,
                noise_seed=c.noise_seed,
                action_min=c.action_min,
                memory=memory,
                note=f"the run's controller, copied as {c.name!r} of zoo v{base.version}",
            )
        )
    for gen, path in means:
        mean_file = f"cma_{label}_gen{gen}.safetensors"
        shutil.copyfile(path, tmp / mean_file)
        policies.append(
            ZooPolicy(
                name=f"cma {label} gen {gen}",
                file=mean_file,
                memory=memory,
                command=f"cp {path} {mean_file}",
                note=f"the CMA-ES mean after generation {gen} of the run",
            )
        )
    return policies


def _split_controller(controller: Path, weights: Path, file: Path, memory: Path) -> str:
    """Write the controller's linear part to ``file`` and the M whose h it reads to ``memory`` (its own M when it
    carries one, else the weights' M, whose dream trained the run); returns the command that made them."""
    c, meta = load_controller(controller)
    if not isinstance(c, MemoryController):
        shutil.copyfile(weights / MDNRNN_FILE, memory)
        shutil.copyfile(controller, file)
        return f"cp {controller} {file.name}"
    save_mdnrnn(c.memory, memory, {"game": meta.get("game")})
    extra = {
        k: v
        for k, v in meta.items()
        if k not in ("config", "format_version", "memory_config", "memory_sha256", "memory_file")
    }
    save_controller(c.controller, file, extra)
    return f"the linear part of {controller} (its own M as {memory.name})"


def _check_fit(policies: list[ZooPolicy], tmp: Path, game: GameSpec, weights: Path) -> None:
    """Raise ConfigError (naming the policy) unless every file policy reads these weights' observations."""
    env = gym.make(game.dream_id, weights=str(weights))
    try:
        for p in policies:
            if p.file is not None:
                batch_policy(p, tmp, game, 1, 0, env.observation_space)
    finally:
        env.close()


def _write(tmp: Path, game: GameSpec, base: Zoo, weights: Path, policies: list[ZooPolicy], args: ZooArgs) -> None:
    """zoo.json and the blind policies' cached real returns (they depend on no V)."""
    vision = file_fingerprint(weights / VAE_FILE)
    where = f"--env {args.env}" if args.env else game.name
    command = f"dreamgym zoo {where} --weights {weights} --run {args.run} --out {args.out} --label {args.label}"
    command += f" --base {args.base}" if args.base else ""
    command += f" --controller {args.controller}" if args.controller else ""
    raw = {
        "format_version": ZOO_FORMAT,
        "game": game.name,
        "zoo_version": base.version + 1,
        "vision": vision,
        "description": (
            f"Made by `{command}` from {base.directory} (zoo v{base.version}) for V {vision}: its blind policies "
            f"(their cached real returns copied), the controller of {args.run} with the copies zoo v{base.version} "
            "held of its own controller, and the CMA-ES means the run kept, each reading h from the run's M. The "
            f"file policies of v{base.version} read another V's z and are not carried over (a PPO policy on this V "
            "needs training anew)."
        ),
        "policies": [_entry(p) for p in policies],
    }
    (tmp / ZOO_FILE).write_text(json.dumps(raw, indent=1) + "\n")
    shipped = base.directory / REAL_CACHE
    if shipped.is_file():
        prefixes = tuple(f"{policy_fingerprint(p, base.directory)}-blind/" for p in policies if p.blind)
        cached = {k: v for k, v in json.loads(shipped.read_text()).items() if k.startswith(prefixes)}
        (tmp / REAL_CACHE).write_text(json.dumps(cached, indent=0, sort_keys=True) + "\n")
    load_zoo(tmp, game)
