"""`dreamgym train mdnrnn`: M on encoded episodes, with done (and reward) heads, held-out metrics, resumable."""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

from dreamgym.cli_args import ENV_HELP, GAME_HELP, arg, check_bounds, with_game_defaults
from dreamgym.envs.registration import stage_game
from dreamgym.envs.spec import GameSpec
from dreamgym.errors import ConfigError
from dreamgym.files import write_json_atomic
from dreamgym.games.generic import spec_to_dict
from dreamgym.models.mdnrnn import MDNRNN, MDNRNNConfig, mdn_nll
from dreamgym.training.checkpoint import load_checkpoint, save_checkpoint
from dreamgym.training.device import resolve_device
from dreamgym.training.episodes import (
    MANIFEST,
    bootstrap_files,
    read_episode,
    read_manifest,
    require_episodes,
    split_episodes,
)
from dreamgym.training.logging import CSVLog, plot_curves
from dreamgym.weights import load_mdnrnn, save_mdnrnn


@dataclass
class MDNRNNArgs:
    """Arguments of `dreamgym train mdnrnn`."""

    game: str | None = arg(help=GAME_HELP, positional=True, optional=True)
    encoded: Path = arg(help="directory written by `dreamgym encode`")
    out: Path = arg(help="run directory: mdnrnn.safetensors, checkpoint, log.csv, curve.png, metrics.json")
    steps: int = arg(2000, "gradient steps", low=1)
    batch_size: int = arg(32, "sequences per batch", low=1)
    seq_len: int = arg(500, "steps per sequence (the original used 500)", low=2)
    episode_start: float = arg(
        0.0,
        "fraction of training windows that begin at an episode's first step, where every dream starts from h = 0 "
        "(0: the original's windows, which rarely do once episodes are longer than --seq-len)",
        low=0,
    )
    lr: float = arg(1e-3, "initial Adam learning rate, decayed exponentially to lr_min", above=0)
    lr_min: float = arg(1e-5, "final learning rate", above=0)
    grad_clip: float = arg(1.0, "gradient norm clip", above=0)
    hidden_size: int | None = arg(None, "LSTM size (default: the game's spec)", low=1)
    mixtures: int | None = arg(None, "Gaussians per z dimension (default 5)", low=1)
    done_weight: float | None = arg(
        None, "weight of death steps in the done loss (default: the game's, else 10 as the original)", low=0
    )
    reward_weight: float | None = arg(
        None, "weight of the reward regression loss, games with a reward head (default: the game's, else 1)", low=0
    )
    holdout: float = arg(0.05, "fraction of episodes held out for evaluation", low=0)
    eval_every: int = arg(200, "steps between held-out evaluations", low=1)
    checkpoint_minutes: float = arg(5.0, "minutes between checkpoints", above=0)
    init: Path | None = arg(None, "mdnrnn.safetensors to fine-tune from (the iterative loop) instead of a fresh M")
    device: str = arg("cpu", "cpu or cuda")
    seed: int = arg(0, "seed of the sampling and the initialisation", low=0)
    split_seed: int | None = arg(
        None, "seed of the train / held-out split (default: --seed); members of one ensemble share it", low=0
    )
    bootstrap: bool = arg(
        False, "train on a bootstrap resample of the training episodes (drawn with --seed), as ensemble members do"
    )
    env: str | None = arg(None, ENV_HELP)


class EncodedEpisodes:
    """Encoded episodes in memory (float16 latents are small), sliced into padded training windows."""

    def __init__(self, files: list[Path], game: GameSpec) -> None:
        self.game = game
        self.episodes = [read_episode(f) for f in files]
        self.lengths = np.array([len(e["actions"]) for e in self.episodes])
        self._by_length = np.argsort(self.lengths, kind="stable")

    def sample_bucket(self, batch_size: int, rng: np.random.Generator) -> np.ndarray:
        """Episodes of similar length (a random run of the length-sorted order), so batches carry little padding."""
        order = self._by_length
        if len(order) <= batch_size:
            return rng.choice(order, size=batch_size)
        start = int(rng.integers(0, len(order) - batch_size + 1))
        return order[start : start + batch_size]

    def batch(
        self,
        indices: np.ndarray,
        seq_len: int,
        rng: np.random.Generator,
        starts: np.ndarray | None = None,
        episode_start: float = 0.0,
    ) -> dict[str, torch.Tensor]:
        """Windows of ``seq_len`` steps; ``mask`` marks real steps, ``next_mask`` steps with a next latent.

        Without ``starts`` each window begins at a random step, or at step 0 with probability ``episode_start``."""
        b, zs = len(indices), self.episodes[0]["mu"].shape[1]
        a_size = self.game.action_size
        z = np.zeros((b, seq_len + 1, zs), np.float32)
        act = np.zeros((b, seq_len, a_size), np.float32)
        rew = np.zeros((b, seq_len), np.float32)
        done = np.zeros((b, seq_len), np.float32)
        mask = np.zeros((b, seq_len), np.float32)
        next_mask = np.zeros((b, seq_len), np.float32)
        for row, i in enumerate(indices):
            ep, n = self.episodes[i], self.lengths[i]
            if starts is not None:
                s = int(starts[row])
            elif episode_start > 0 and rng.random() < episode_start:
                s = 0
            else:
                s = int(rng.integers(0, max(n - seq_len, 0) + 1))
            e = min(s + seq_len, n)
            k = e - s
            mu = ep["mu"][s : e + 1].astype(np.float32)
            sd = np.exp(0.5 * ep["logvar"][s : e + 1].astype(np.float32))
            z[row, : len(mu)] = mu + sd * rng.standard_normal(mu.shape, dtype=np.float32)
            a = ep["actions"][s:e]
            act[row, :k] = np.eye(a_size, dtype=np.float32)[a] if self.game.discrete_actions else a
            rew[row, :k] = ep["rewards"][s:e]
            done[row, :k] = ep["terminated"][s:e]
            mask[row, :k] = 1
            next_mask[row, : len(mu) - 1] = 1
        t = {
            k: torch.from_numpy(v)
            for k, v in dict(z=z, actions=act, rewards=rew, done=done, mask=mask, next_mask=next_mask).items()
        }
        return t


def losses(m: MDNRNN, batch: dict[str, torch.Tensor], args: MDNRNNArgs) -> dict[str, torch.Tensor]:
    """NLL of the next z per dimension, weighted done BCE and reward MSE, all masked to real steps."""
    z = batch["z"]
    out, _ = m(z[:, :-1], batch["actions"])
    nll = mdn_nll(out, z[:, 1:])
    nm = batch["next_mask"]
    result = {"nll": (nll.mean(-1) * nm).sum() / nm.sum().clamp(min=1)}
    mask = batch["mask"]
    total = result["nll"]
    if out.done_logit is not None:
        weight = (1 + (args.done_weight - 1) * batch["done"]) * mask
        bce = F.binary_cross_entropy_with_logits(out.done_logit, batch["done"], reduction="none")
        result["done"] = (bce * weight).sum() / mask.sum().clamp(min=1)
        total = total + result["done"]
    if out.reward is not None:
        result["reward"] = (((out.reward - batch["rewards"]) ** 2) * mask).sum() / mask.sum().clamp(min=1)
        total = total + args.reward_weight * result["reward"]
    result["total"] = total
    return result


@torch.no_grad()
def evaluate_heldout(m: MDNRNN, data: EncodedEpisodes, seq_len: int) -> dict[str, object]:
    """Held-out NLL per z dimension, done precision/recall (logit > 0) and reward error, over whole episodes."""
    rng = np.random.default_rng(12345)
    nll_sum, n_next = None, 0.0
    tp = fp = fn = 0
    sq_err, n_steps, tile_err, n_tile = 0.0, 0.0, 0.0, 0.0
    for i in range(len(data.episodes)):
        n = int(data.lengths[i])
        for s in range(0, n, seq_len):
            b = data.batch(np.array([i]), seq_len, rng, starts=np.array([s]))
            out, _ = m(b["z"][:, :-1], b["actions"])
            nll = mdn_nll(out, b["z"][:, 1:]) * b["next_mask"].unsqueeze(-1)
            nll_sum = nll.sum((0, 1)) if nll_sum is None else nll_sum + nll.sum((0, 1))
            n_next += float(b["next_mask"].sum())
            mask = b["mask"].bool()
            if out.done_logit is not None:
                pred, true = (out.done_logit > 0) & mask, b["done"].bool() & mask
                tp += int((pred & true).sum())
                fp += int((pred & ~true).sum())
                fn += int((~pred & true).sum())
            if out.reward is not None:
                err = (out.reward - b["rewards"]) ** 2
                sq_err += float(err[mask].sum())
                n_steps += float(mask.sum())
                tiles = mask & (b["rewards"] > 0)
                tile_err += float(err[tiles].sum())
                n_tile += float(tiles.sum())
    per_dim = (nll_sum / max(n_next, 1)).tolist() if nll_sum is not None else []
    metrics: dict[str, object] = {
        "heldout_episodes": len(data.episodes),
        "nll_per_dim_mean": float(np.mean(per_dim)) if per_dim else math.nan,
        "nll_per_dim": [round(x, 4) for x in per_dim],
    }
    if m.done_head is not None:
        metrics.update(
            done_precision=tp / (tp + fp) if tp + fp else 0.0,
            done_recall=tp / (tp + fn) if tp + fn else 0.0,
            done_events=tp + fn,
        )
    if m.reward_head is not None:
        metrics.update(
            reward_rmse=math.sqrt(sq_err / max(n_steps, 1)),
            reward_rmse_tile_steps=math.sqrt(tile_err / n_tile) if n_tile else math.nan,
        )
    return metrics


def measured_in(encoded: Path) -> int:
    """How many measurements ``dreamgym encode`` appended to z in ``encoded`` (0 for older directories)."""
    return int(read_manifest(encoded).get("measured", 0)) if (encoded / MANIFEST).exists() else 0


def train_mdnrnn(args: MDNRNNArgs) -> Path:
    """Train (or resume) M; writes ``out/mdnrnn.safetensors`` and ``out/metrics.json``."""
    check_bounds(args)
    if args.episode_start > 1:
        raise ConfigError(f"--episode-start is a fraction of the windows, at most 1, got {args.episode_start}")
    game = stage_game(args.game, args.env)
    args = with_game_defaults(args, game, "mdnrnn", {"done_weight": 10.0, "reward_weight": 1.0})
    device = resolve_device(args.device)
    files = require_episodes(Path(args.encoded), f"dreamgym encode --out {args.encoded}")
    train_files, held_files = split_episodes(
        files, args.holdout, args.seed if args.split_seed is None else args.split_seed
    )
    if args.bootstrap:
        train_files = bootstrap_files(train_files, args.seed)
    train, held = EncodedEpisodes(train_files, game), EncodedEpisodes(held_files or train_files[:1], game)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    torch.manual_seed(args.seed)
    config = MDNRNNConfig(
        z_size=train.episodes[0]["mu"].shape[1],
        action_size=game.action_size,
        hidden_size=args.hidden_size or game.hidden_size,
        mixtures=args.mixtures or game.mixtures,
        reward_head=game.reward_from_model,
        done_head=True,
        measured=measured_in(Path(args.encoded)),
    )
    if args.init is not None:
        m, _ = load_mdnrnn(args.init)
        fits = (m.config.z_size, m.config.action_size, m.config.measured)
        if fits != (config.z_size, config.action_size, config.measured):
            raise ConfigError(
                f"--init {args.init} does not fit this data (z {m.config.z_size} vs {config.z_size}, measurements "
                f"{m.config.measured} vs {config.measured})"
            )
        config = m.config
        if collapsed := m.collapsed_dims():
            print(
                f"warning: --init {args.init}: the mixture components of z dimensions {collapsed} are identical; they "
                "get identical gradients and stay one Gaussian (spread them before fine-tuning)"
            )
    m = m.to(device) if args.init is not None else MDNRNN(config).to(device)
    opt = torch.optim.Adam(m.parameters(), lr=args.lr)
    progress = load_checkpoint(out / "checkpoint.safetensors", m, opt) or {"step": 0, "minutes": 0.0}
    fields = ["step", "lr", "loss", "nll", "done", "reward", "heldout_nll", "done_precision", "done_recall", "minutes"]
    log = CSVLog(out / "log.csv", fields)
    log.resume_at("step", progress["step"])
    decay = (args.lr_min / args.lr) ** (1 / max(args.steps, 1))
    rng = np.random.default_rng(args.seed * 7919 + progress["step"])
    t0, last_ckpt, minutes0 = time.time(), time.time(), progress["minutes"]
    bar = tqdm(total=args.steps, initial=progress["step"], desc="mdnrnn")
    m.train()
    while progress["step"] < args.steps:
        step = progress["step"]
        lr = args.lr * decay**step
        for g in opt.param_groups:
            g["lr"] = lr
        idx = train.sample_bucket(args.batch_size, rng)
        seq_len = int(min(args.seq_len, train.lengths[idx].max()))
        batch = {k: v.to(device) for k, v in train.batch(idx, seq_len, rng, episode_start=args.episode_start).items()}
        parts = losses(m, batch, args)
        opt.zero_grad(set_to_none=True)
        parts["total"].backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), args.grad_clip)
        opt.step()
        progress["step"] = step + 1
        progress["minutes"] = minutes0 + (time.time() - t0) / 60
        bar.update(1)
        bar.set_postfix({k: f"{v.item():.3f}" for k, v in parts.items()})
        row = {k: round(v.item(), 5) for k, v in parts.items() if k != "total"}
        row.update(step=step + 1, lr=lr, loss=round(parts["total"].item(), 5), minutes=round(progress["minutes"], 2))
        if (step + 1) % args.eval_every == 0 or step + 1 == args.steps:
            m.eval()
            metrics = evaluate_heldout(m.cpu(), held, args.seq_len)
            m.to(device).train()
            row.update(
                heldout_nll=metrics["nll_per_dim_mean"],
                done_precision=metrics.get("done_precision", ""),
                done_recall=metrics.get("done_recall", ""),
            )
        log.write(**row)
        if time.time() - last_ckpt > args.checkpoint_minutes * 60:
            save_checkpoint(out / "checkpoint.safetensors", m, opt, progress)
            plot_curves(log, "step", ["nll", "done", "heldout_nll"], out / "curve.png", "M training")
            last_ckpt = time.time()
    bar.close()
    save_checkpoint(out / "checkpoint.safetensors", m, opt, progress)
    m = m.cpu().eval()
    metrics = evaluate_heldout(m, held, args.seq_len)
    metrics.update(
        train_episodes=len(train.episodes), train_steps=int(train.lengths.sum()), minutes=round(progress["minutes"], 1)
    )
    write_json_atomic(out / "metrics.json", metrics)
    save_mdnrnn(
        m,
        out / "mdnrnn.safetensors",
        {
            "game": game.name,
            "game_spec": spec_to_dict(game),
            "train": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(args).items()},
            "heldout": {k: v for k, v in metrics.items() if k != "nll_per_dim"},
        },
    )
    plot_curves(log, "step", ["nll", "done", "heldout_nll"], out / "curve.png", "M training")
    return out / "mdnrnn.safetensors"
