"""`dreamgym encode`: frames -> V's (mu, logvar) per episode, and the initial latents dreams start from.

With ``--measurements``, the game's measurements each episode holds (``GameSpec.measurements``) are appended to
mu with the small fixed log-variance ``MEASUREMENT_LOGVAR``, so M trained on the result observes and predicts them
beside V's z (opt-in, so the shipped weights' rebuild commands give what they gave).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from dreamgym.cli_args import arg
from dreamgym.envs.spec import MEASUREMENT_LOGVAR
from dreamgym.errors import DataError
from dreamgym.models.vae import frames_to_tensor
from dreamgym.training.episodes import (
    MANIFEST,
    episode_path,
    list_episodes,
    read_episode,
    require_episodes,
    write_episode,
    write_manifest,
)
from dreamgym.weights import LATENTS_FILE, load_vae, save_initial_latents


@dataclass
class EncodeArgs:
    """Arguments of `dreamgym encode`."""

    data: Path = arg(help="dataset directory written by `dreamgym collect`")
    vae: Path = arg(help="vae.safetensors to encode with")
    out: Path = arg(help="directory of encoded episodes (re-running skips finished ones)")
    batch_size: int = arg(500, "frames per forward pass", low=1)
    measurements: bool = arg(
        False, "append the game's measurements the episodes hold (e.g. a dashboard's speed) to z, for M to read them"
    )


@torch.inference_mode()
def encode(args: EncodeArgs) -> Path:
    """Encode every episode (resumable) and write ``out/initial_latents.safetensors``."""
    files = require_episodes(Path(args.data), f"dreamgym collect ... --out {args.data}")
    vae, _ = load_vae(args.vae)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    previous = json.loads((out / MANIFEST).read_text()).get("minutes", 0.0) if (out / MANIFEST).exists() else 0.0
    measured = _measured(files) if args.measurements else 0
    old = json.loads((out / MANIFEST).read_text()) if (out / MANIFEST).exists() else {}
    if old and old.get("measured", 0) != measured:
        raise DataError(
            f"{out} holds episodes encoded with {old.get('measured', 0)} measurements, this run gives {measured}: "
            "use another --out"
        )
    done = {p.name for p in list_episodes(out)}
    for f in tqdm([f for f in files if f.name not in done], desc="encode", unit="ep"):
        ep = read_episode(f)
        mus, logvars = [], []
        for b in range(0, len(ep["frames"]), args.batch_size):
            mu, logvar = vae.encode(frames_to_tensor(torch.from_numpy(ep["frames"][b : b + args.batch_size])))
            mus.append(mu)
            logvars.append(logvar)
        mu, logvar = torch.cat(mus).numpy(), torch.cat(logvars).numpy()
        if measured:
            values = ep["measurements"].astype(np.float32)
            mu = np.concatenate([mu, values], axis=1)
            logvar = np.concatenate([logvar, np.full_like(values, MEASUREMENT_LOGVAR)], axis=1)
        index = int(f.stem.split("_")[1])
        write_episode(
            episode_path(out, index),
            mu=mu.astype(np.float16),
            logvar=logvar.astype(np.float16),
            actions=ep["actions"],
            rewards=ep["rewards"],
            terminated=ep["terminated"],
        )
    first_mu, first_logvar = [], []
    for f in list_episodes(out):
        ep = read_episode(f)
        first_mu.append(ep["mu"][0])
        first_logvar.append(ep["logvar"][0])
    save_initial_latents(
        torch.from_numpy(np.stack(first_mu).astype(np.float32)),
        torch.from_numpy(np.stack(first_logvar).astype(np.float32)),
        out / LATENTS_FILE,
    )
    info = {"vae": str(args.vae), "measured": measured, "minutes": round(previous + (time.time() - t0) / 60, 2)}
    write_manifest(out, info)
    return out


def _measured(files: list[Path]) -> int:
    """How many measurements every episode holds (0 if none do); a dataset mixing both is an error."""
    widths = set()
    for f in files:
        with np.load(f) as data:
            widths.add(int(data["measurements"].shape[1]) if "measurements" in data.files else 0)
    if len(widths) > 1:
        raise DataError(
            f"the episodes hold different numbers of measurements {sorted(widths)} (collected before and after the "
            "game measured them): encode without --measurements, or collect the old ones again"
        )
    return widths.pop() if widths else 0
