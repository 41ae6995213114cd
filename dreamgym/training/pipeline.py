"""`dreamgym pipeline GAME --workdir DIR`: every stage in order, each resuming where it stopped.

Layout of DIR: ``data/`` (episodes), ``vae/``, ``encoded/``, ``mdnrnn/``, ``controller/``, ``eval/`` and
``weights/`` (the assembled weight directory, ready for ``gym.make(..., weights=DIR/weights)``). Every stage
records its own wall-clock minutes, summed over resumes, which the model card reports.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from dreamgym.envs.registration import game_by_name
from dreamgym.envs.sources import source_available
from dreamgym.training.args import arg
from dreamgym.training.collect import CollectArgs, collect
from dreamgym.training.encode import EncodeArgs, encode
from dreamgym.training.evaluate import EvaluateArgs, evaluate
from dreamgym.training.train_controller import ControllerArgs, train_controller
from dreamgym.training.train_mdnrnn import MDNRNNArgs, train_mdnrnn
from dreamgym.training.train_vae import VAEArgs, train_vae
from dreamgym.weights import CONTROLLER_FILE, LATENTS_FILE, MDNRNN_FILE, VAE_FILE


@dataclass
class PipelineArgs:
    """Arguments of `dreamgym pipeline`."""

    game: str = arg(help="takecover or carracing", positional=True)
    workdir: Path = arg(help="directory of every stage's output (re-running resumes)")
    episodes: int = arg(1500, "random-play episodes to collect")
    workers: int = arg(2, "worker processes for collection and real-game evaluation")
    vae_epochs: int = arg(3, "V epochs")
    mdnrnn_steps: int = arg(2000, "M gradient steps")
    seq_len: int = arg(500, "M sequence length")
    mdnrnn_batch: int = arg(32, "M sequences per batch")
    generations: int = arg(200, "CMA-ES generations")
    population: int = arg(64, "CMA-ES population")
    rollouts: int = arg(16, "dream rollouts per candidate")
    temperature: float | None = arg(None, "dream temperature for C (default: the game's)")
    eval_episodes: int = arg(100, "episodes of each final evaluation (dream and real, controller and random)")
    z_size: int | None = arg(None, "override V's latent size (tests use tiny models)")
    hidden_size: int | None = arg(None, "override M's LSTM size (tests use tiny models)")
    max_steps: int | None = arg(None, "override the dream episode cap during C training (tests)")
    seed: int = arg(0, "seed of every stage")
    device: str = arg("cpu", "cpu or cuda")


def pipeline(args: PipelineArgs) -> Path:
    """Run collect -> V -> encode -> M -> C -> evaluate; returns the assembled weight directory."""
    game = game_by_name(args.game)
    w = Path(args.workdir)
    w.mkdir(parents=True, exist_ok=True)
    collect(CollectArgs(game.name, w / "data", args.episodes, args.workers, args.seed))
    if not (w / "vae" / VAE_FILE).exists():
        train_vae(
            VAEArgs(
                game.name,
                w / "data",
                w / "vae",
                epochs=args.vae_epochs,
                z_size=args.z_size,
                device=args.device,
                seed=args.seed,
            )
        )
    encode(EncodeArgs(w / "data", w / "vae" / VAE_FILE, w / "encoded"))
    if not (w / "mdnrnn" / MDNRNN_FILE).exists():
        train_mdnrnn(
            MDNRNNArgs(
                game.name,
                w / "encoded",
                w / "mdnrnn",
                steps=args.mdnrnn_steps,
                batch_size=args.mdnrnn_batch,
                seq_len=args.seq_len,
                hidden_size=args.hidden_size,
                device=args.device,
                seed=args.seed,
            )
        )
    weights = w / "weights"
    weights.mkdir(exist_ok=True)
    for src in (w / "vae" / VAE_FILE, w / "mdnrnn" / MDNRNN_FILE, w / "encoded" / LATENTS_FILE):
        shutil.copyfile(src, weights / src.name)
    train_controller(
        ControllerArgs(
            game.dream_id,
            weights,
            w / "controller",
            temperature=args.temperature,
            generations=args.generations,
            population=args.population,
            rollouts=args.rollouts,
            max_steps=args.max_steps,
            device=args.device,
            seed=args.seed,
        )
    )
    shutil.copyfile(w / "controller" / "controller_best.safetensors", weights / CONTROLLER_FILE)
    ids = [game.dream_id] + ([game.real_id] if source_available(game) else [])
    for env_id in ids:
        for policy in ("weights", "random"):
            out = w / "eval" / f"{env_id}_{'controller' if policy == 'weights' else 'random'}.json"
            if not out.exists():
                evaluate(
                    EvaluateArgs(
                        env_id,
                        episodes=args.eval_episodes,
                        seed=1000,
                        controller=policy,
                        weights=weights,
                        temperature=args.temperature,
                        workers=args.workers,
                        out=out,
                        device=args.device,
                    )
                )
    return weights
