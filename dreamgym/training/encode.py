"""`dreamgym encode`: frames -> V's (mu, logvar) per episode, and the initial latents dreams start from."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from dreamgym.cli_args import arg
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


@torch.inference_mode()
def encode(args: EncodeArgs) -> Path:
    """Encode every episode (resumable) and write ``out/initial_latents.safetensors``."""
    files = require_episodes(Path(args.data), f"dreamgym collect ... --out {args.data}")
    vae, _ = load_vae(args.vae)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    previous = json.loads((out / MANIFEST).read_text()).get("minutes", 0.0) if (out / MANIFEST).exists() else 0.0
    done = {p.name for p in list_episodes(out)}
    for f in tqdm([f for f in files if f.name not in done], desc="encode", unit="ep"):
        ep = read_episode(f)
        mus, logvars = [], []
        for b in range(0, len(ep["frames"]), args.batch_size):
            mu, logvar = vae.encode(frames_to_tensor(torch.from_numpy(ep["frames"][b : b + args.batch_size])))
            mus.append(mu)
            logvars.append(logvar)
        index = int(f.stem.split("_")[1])
        write_episode(
            episode_path(out, index),
            mu=torch.cat(mus).numpy().astype(np.float16),
            logvar=torch.cat(logvars).numpy().astype(np.float16),
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
    write_manifest(out, {"vae": str(args.vae), "minutes": round(previous + (time.time() - t0) / 60, 2)})
    return out
