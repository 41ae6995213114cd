"""`dreamgym bundle`: a controller file that carries the M it was trained in, so it reads its own h anywhere.

Ship a controller trained in one M's dream beside a dream of another M: in any dream or real twin of the same V it
steps its own M on the observed z and its actions, and plays as it did where it was trained.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dreamgym.cli_args import arg
from dreamgym.errors import ConfigError
from dreamgym.models import MemoryController
from dreamgym.weights import file_sha256, load_controller, load_mdnrnn, save_controller


@dataclass
class BundleArgs:
    """Arguments of `dreamgym bundle`."""

    controller: Path = arg(help="controller file (from `train controller`)", positional=True)
    memory: Path = arg(help="the M file whose dream trained it (that weight directory's mdnrnn.safetensors)")
    out: Path = arg(help="controller file to write, e.g. WEIGHTS/controller.safetensors")
    link: bool = arg(
        False,
        "store a link to --memory (its path relative to --out and its SHA-256) instead of a copy, for a weight "
        "directory that already ships that M (e.g. in its zoo)",
    )


def bundle(args: BundleArgs) -> Path:
    """Write ``args.out``: the controller, its metadata, and its M or a link to it (the M file's SHA-256 kept as
    provenance either way)."""
    controller, meta = load_controller(args.controller)
    if isinstance(controller, MemoryController):
        raise ConfigError(f"{args.controller} already carries its own M")
    memory = load_mdnrnn(args.memory)[0]
    try:
        both = MemoryController(controller, memory)
    except ValueError as e:
        raise ConfigError(f"{args.controller} and {args.memory} do not fit together: {e}") from None
    extra = {k: v for k, v in meta.items() if k not in ("config", "format_version")}
    if args.link:
        save_controller(both, args.out, extra, memory_file=args.memory)
        print(f"wrote {args.out}: {args.controller} reading h from {args.memory} (linked, not copied)")
        return Path(args.out)
    extra["memory_sha256"] = file_sha256(args.memory)
    save_controller(both, args.out, extra)
    print(f"wrote {args.out}: {args.controller} reading h from its own M ({args.memory})")
    return Path(args.out)
