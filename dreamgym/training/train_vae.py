"""`dreamgym train vae`: V on random-play frames, streamed from disk, checkpointed and resumable."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from dreamgym.cli_args import ENV_HELP, GAME_HELP, arg, check_bounds, with_game_defaults
from dreamgym.envs.registration import stage_game
from dreamgym.errors import ConfigError
from dreamgym.frames import FRAME_SIZE
from dreamgym.models.vae import VAE, VAEConfig, frames_to_tensor, salient_weight, tensor_to_frames, vae_loss
from dreamgym.training.checkpoint import load_checkpoint, save_checkpoint
from dreamgym.training.device import autocast, native_bf16, resolve_device
from dreamgym.training.episodes import read_episode, read_manifest, require_episodes, split_episodes, stream_frames
from dreamgym.training.logging import CSVLog, plot_curves
from dreamgym.weights import load_vae, save_vae


@dataclass
class VAEArgs:
    """Arguments of `dreamgym train vae`."""

    game: str | None = arg(help=GAME_HELP, positional=True, optional=True)
    data: Path = arg(help="dataset directory written by `dreamgym collect`")
    out: Path = arg(help="run directory: vae.safetensors, checkpoint, log.csv, curve.png, reconstructions.png")
    epochs: int = arg(3, "passes over the training frames", low=1)
    batch_size: int = arg(100, "frames per batch (the original used 100)", low=1)
    lr: float = arg(1e-4, "Adam learning rate", low=0)
    kl_tolerance: float = arg(0.5, "KL floor per z dimension (the original's kl_tolerance)", low=0)
    z_size: int | None = arg(None, "latent size (default: the game's spec)", low=1)
    holdout: float = arg(0.05, "fraction of episodes held out for reconstruction checks", low=0)
    salient_weight: float | None = arg(
        None,
        "extra squared-error weight of pixels in the game's salient colour (``GameSpec.salient_colour``; default: "
        "the game's, else 0 as the original)",
        low=0,
    )
    init: Path | None = arg(None, "vae.safetensors to fine-tune from instead of a fresh V (its z size is kept)")
    bf16: bool | None = arg(
        None, "bf16 autocast + channels_last (default: on where bf16 is native: avx512_bf16/AMX CPUs, bf16 GPUs)"
    )
    checkpoint_minutes: float = arg(5.0, "minutes between checkpoints", above=0)
    device: str = arg("cpu", "cpu or cuda")
    seed: int = arg(0, "seed of the shuffling and the initialisation", low=0)
    env: str | None = arg(None, ENV_HELP)


def train_vae(args: VAEArgs) -> Path:
    """Train (or resume training) V; writes ``out/vae.safetensors`` when done."""
    check_bounds(args)
    game = stage_game(args.game, args.env)
    device = resolve_device(args.device)
    files = require_episodes(Path(args.data), f"dreamgym collect {game.name} --out {args.data}")
    manifest = read_manifest(Path(args.data))
    crop, frame_size = manifest.get("crop", list(game.crop)), manifest.get("frame_size", FRAME_SIZE)
    train_files, held_files = split_episodes(files, args.holdout, args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    args = with_game_defaults(args, game, "vae", {"salient_weight": 0.0})
    if args.salient_weight < 0 or (args.salient_weight and game.salient_colour is None):
        raise ConfigError(f"--salient-weight must be >= 0, and {game.name} has no salient colour to weight")
    torch.manual_seed(args.seed)
    if args.init is not None:
        vae = load_vae(args.init)[0].train().to(device)
        if vae.config.frame_size != frame_size:
            raise ConfigError(
                f"--init {args.init} sees {vae.config.frame_size}x{vae.config.frame_size} frames, "
                f"{args.data} holds {frame_size}x{frame_size}"
            )
    else:
        vae = VAE(VAEConfig(z_size=args.z_size or game.z_size, frame_size=frame_size)).to(device)
    bf16 = native_bf16(device) if args.bf16 is None else args.bf16
    print(f"train vae: {'bf16 autocast' if bf16 else 'fp32'} on {device}")
    if bf16:
        vae = vae.to(memory_format=torch.channels_last)
    opt = torch.optim.Adam(vae.parameters(), lr=args.lr)
    progress = load_checkpoint(out / "checkpoint.safetensors", vae, opt) or {"epoch": 0, "batch": 0, "step": 0}
    log = CSVLog(out / "log.csv", ["step", "epoch", "loss", "reconstruction", "kl", "images_per_s", "minutes"])
    log.resume_at("step", progress["step"])
    steps_per_epoch = sum(read_manifest(Path(args.data))["lengths"].get(f.name, 0) for f in train_files)
    steps_per_epoch //= args.batch_size
    minutes_done = float(progress.get("minutes", 0.0))
    last_ckpt = time.time()

    for epoch in range(progress["epoch"], args.epochs):
        rng = np.random.default_rng(args.seed * 1000 + epoch)
        bar = tqdm(total=steps_per_epoch, initial=progress["batch"], desc=f"vae epoch {epoch + 1}/{args.epochs}")
        t0, seen = time.time(), 0
        for i, batch in enumerate(stream_frames(train_files, args.batch_size, rng)):
            if i < progress["batch"]:
                continue
            x = frames_to_tensor(torch.from_numpy(batch)).to(device)
            if bf16:
                x = x.contiguous(memory_format=torch.channels_last)
            with autocast(device, bf16):
                recon, mu, logvar = vae(x)
            weight = salient_weight(x, game.salient_colour, args.salient_weight) if args.salient_weight else None
            loss, rec, kl = vae_loss(recon, x, mu.float(), logvar.float(), args.kl_tolerance, weight)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            seen += len(batch)
            progress.update(batch=i + 1, step=progress["step"] + 1)
            bar.update(1)
            last_batch = i + 1 >= steps_per_epoch
            if progress["step"] % 20 == 0 or last_batch:
                rate = seen / (time.time() - t0)
                bar.set_postfix(loss=f"{loss.item():.1f}", kl=f"{kl.item():.1f}", img_s=f"{rate:.0f}")
                log.write(
                    step=progress["step"],
                    epoch=round(epoch + (i + 1) / max(steps_per_epoch, 1), 4),
                    loss=loss.item(),
                    reconstruction=rec.item(),
                    kl=kl.item(),
                    images_per_s=round(rate),
                    minutes=round(minutes_done + (time.time() - t0) / 60, 2),
                )
            if time.time() - last_ckpt > args.checkpoint_minutes * 60:
                progress["minutes"] = minutes_done + (time.time() - t0) / 60
                save_checkpoint(out / "checkpoint.safetensors", vae, opt, progress)
                plot_curves(log, "step", ["loss", "reconstruction", "kl"], out / "curve.png", "V training")
                last_ckpt = time.time()
        bar.close()
        minutes_done += (time.time() - t0) / 60
        progress.update(epoch=epoch + 1, batch=0, minutes=minutes_done)
        save_checkpoint(out / "checkpoint.safetensors", vae, opt, progress)

    vae = vae.to(memory_format=torch.contiguous_format).eval()
    save_vae(
        vae.cpu(),
        out / "vae.safetensors",
        {
            "crop": crop,
            "game": game.name,
            "train": asdict(args)
            | {
                "data": str(args.data),
                "out": str(args.out),
                "init": None if args.init is None else str(args.init),
                "minutes": round(minutes_done, 1),
                "frames_per_epoch": steps_per_epoch * args.batch_size,
            },
        },
    )
    if (out / "log.csv").exists():
        plot_curves(log, "step", ["loss", "reconstruction", "kl"], out / "curve.png", "V training")
    save_reconstructions(vae, held_files or train_files, out / "reconstructions.png")
    return out / "vae.safetensors"


@torch.no_grad()
def save_reconstructions(vae: VAE, files: list[Path], path: Path, n: int = 8, scale: int = 3) -> None:
    """A PNG grid: real held-out frames (top row) over V's reconstructions of their mean latent (bottom row)."""
    from PIL import Image

    rng = np.random.default_rng(0)
    frames = []
    for f in files[: max(1, n // 2)]:
        ep = read_episode(f)["frames"]
        frames.extend(ep[rng.choice(len(ep), size=min(2, len(ep)), replace=False)])
    real = np.stack(frames[:n])
    mu, _ = vae.encode(frames_to_tensor(torch.from_numpy(real)))
    recon = tensor_to_frames(vae.decode(mu)).numpy()
    grid = np.concatenate([np.concatenate(list(real), axis=1), np.concatenate(list(recon), axis=1)], axis=0)
    Image.fromarray(np.repeat(np.repeat(grid, scale, 0), scale, 1)).save(path)
