"""`dreamgym ensemble`: pack separately trained M files into a weight directory's ensemble of M."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import torch

from dreamgym.cli_args import arg
from dreamgym.errors import ConfigError
from dreamgym.weights import MDNRNN_FILE, MEMBERS_FILE, load_mdnrnn, save_mdnrnn_members


@dataclass
class EnsembleArgs:
    """Arguments of `dreamgym ensemble`."""

    weights: Path = arg(
        help="weight directory whose mdnrnn.safetensors is the ensemble's first member", positional=True
    )
    members: str = arg(help="comma-separated mdnrnn.safetensors files of the further members (same architecture)")
    dtype: str = arg("float32", "storage precision of the members file: float32, or float16 (half the size)")


def ensemble(args: EnsembleArgs) -> Path:
    """Write ``WEIGHTS/mdnrnn_members.safetensors`` from the given M files; prints each member's held-out NLL."""
    first, first_meta = load_mdnrnn(Path(args.weights) / MDNRNN_FILE)
    paths = [Path(p.strip()) for p in args.members.split(",") if p.strip()]
    if not paths:
        raise ConfigError("--members: give at least one mdnrnn.safetensors file")
    members, sources = [], []
    for path in paths:
        m, meta = load_mdnrnn(path)
        if m.config != first.config:
            raise ConfigError(f"{path}: config {m.config} differs from {args.weights}/{MDNRNN_FILE}'s {first.config}")
        members.append(m)
        sources.append({"file": str(path), "train": meta.get("train", {}), "heldout": meta.get("heldout", {})})
    dtypes = {"float32": torch.float32, "float16": torch.float16}
    if args.dtype not in dtypes:
        raise ConfigError(f"--dtype must be one of {sorted(dtypes)}, got {args.dtype!r}")
    out = Path(args.weights) / MEMBERS_FILE
    save_mdnrnn_members(members, out, {"sources": sources, "stored_as": args.dtype}, dtypes[args.dtype])
    heldout = [first_meta.get("heldout", {}), *(src["heldout"] for src in sources)]
    for i, (path, held) in enumerate(zip([Path(args.weights) / MDNRNN_FILE, *paths], heldout, strict=True)):
        print(
            f"member {i}: {path} (held-out NLL per dim {json.dumps(held.get('nll_per_dim_mean'))} on its own run's held-out episodes)"
        )
    print(f"wrote {out}: an ensemble of {len(members) + 1} members")
    return out
