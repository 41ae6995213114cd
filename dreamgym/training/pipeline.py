"""`dreamgym pipeline GAME --workdir DIR`: every stage in order, each resuming where it stopped.

Layout of DIR: ``data/`` (episodes), ``vae/``, ``encoded/``, ``mdnrnn/``, ``controller/``, ``eval/`` and
``weights/`` (the assembled weight directory, ready for ``gym.make(..., weights=DIR/weights)``). Every stage
records its own wall-clock minutes, summed over resumes, which the model card reports.

``--iterations K`` adds the paper's iterative procedure: iteration k plays the current controller (plus noise) in
the real game, appends those episodes to ``data/`` (files from ``k * 100000``), fine-tunes M on old + new episodes
(``mdnrnn_iterk/``), retrains C in the new dream (``controller_iterk/``; from zero by default, or from the old C
with ``--iteration-controller-init previous``), and scores it
(``weights_iterk/``, ``eval/*_iterk.json``, a summary in ``eval/iterations.json``). C never trains in the real game.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from dreamgym.cli_args import ENV_HELP, GAME_HELP, arg, check_bounds
from dreamgym.envs.registration import stage_game
from dreamgym.envs.sources import source_available
from dreamgym.envs.spec import GameSpec
from dreamgym.errors import ConfigError
from dreamgym.files import write_json_atomic
from dreamgym.training.collect import CollectArgs, collect
from dreamgym.training.encode import EncodeArgs, encode
from dreamgym.training.episodes import ITERATION_INDEX
from dreamgym.training.evaluate import EvaluateArgs, evaluate
from dreamgym.training.model_card import iteration_tag
from dreamgym.training.train_controller import ControllerArgs, train_controller
from dreamgym.training.train_mdnrnn import MDNRNNArgs, train_mdnrnn
from dreamgym.training.train_vae import VAEArgs, train_vae
from dreamgym.weights import CONTROLLER_FILE, LATENTS_FILE, MDNRNN_FILE, VAE_FILE


@dataclass
class PipelineArgs:
    """Arguments of `dreamgym pipeline`."""

    game: str | None = arg(help=GAME_HELP, positional=True, optional=True)
    workdir: Path = arg(help="directory of every stage's output (re-running resumes)")
    episodes: int = arg(1500, "random-play episodes to collect", low=1)
    workers: int = arg(2, "worker processes for collection and real-game evaluation", low=1)
    vae_epochs: int = arg(3, "V epochs", low=1)
    mdnrnn_steps: int = arg(2000, "M gradient steps", low=1)
    seq_len: int = arg(500, "M sequence length", low=2)
    mdnrnn_batch: int = arg(32, "M sequences per batch", low=1)
    episode_start: float = arg(0.0, "fraction of M's windows that begin at an episode's first step", low=0)
    generations: int = arg(200, "CMA-ES generations", low=1)
    population: int = arg(64, "CMA-ES population", low=2)
    rollouts: int = arg(16, "dream rollouts per candidate", low=1)
    temperature: float | None = arg(None, "dream temperature for C (default: the game's)", above=0)
    controller_hidden: int = arg(0, "hidden units of C: 0 is the paper's linear C, N > 0 one tanh layer", low=0)
    controller_diagonal: bool = arg(False, "CMA-ES with a diagonal covariance (sep-CMA), for C with many parameters")
    eval_episodes: int = arg(100, "episodes of each final evaluation (dream and real, controller and random)", low=1)
    z_size: int | None = arg(None, "override V's latent size (tests use tiny models)", low=1)
    measurements: bool = arg(False, "M reads the game's measurements beside z (e.g. a dashboard's speed; see encode)")
    hidden_size: int | None = arg(None, "override M's LSTM size (tests use tiny models)", low=1)
    max_steps: int | None = arg(None, "override the dream episode cap during C training (tests)", low=1)
    iterations: int = arg(
        1, "world-model iterations: after the first, collect controller rollouts, fine-tune M, redo C", low=0
    )
    iteration_episodes: int = arg(
        200, "real episodes played by the current controller (plus noise) per iteration", low=1
    )
    iteration_noise: float = arg(
        0.1, "exploration noise of those episodes (action std, or random-action probability)", low=0
    )
    iteration_mdnrnn_steps: int = arg(1000, "M fine-tuning steps per iteration (on old + new episodes)", low=1)
    iteration_controller_init: str = arg(
        "zero",
        "where each later iteration's CMA-ES starts: 'zero' (a fresh search) or 'previous' (the old C; it can keep C "
        "in a jittering local optimum)",
    )
    seed: int = arg(0, "seed of every stage", low=0)
    device: str = arg("cpu", "cpu or cuda")
    crop: str | None = arg(None, "TOP,BOTTOM,LEFT,RIGHT of the source frame to keep (default: the game's)")
    frame_size: int | None = arg(
        None, "side of V's square frames: 64 (the paper's), 128 or 256 (default: the game's; 64 for --env)", low=8
    )
    env: str | None = arg(None, ENV_HELP)


def pipeline(args: PipelineArgs) -> Path:
    """Run collect -> V -> encode -> M -> C -> evaluate; returns the assembled weight directory."""
    check_bounds(args)
    game = stage_game(args.game, args.env)
    if args.iteration_controller_init not in ("zero", "previous"):
        raise ConfigError(f"--iteration-controller-init {args.iteration_controller_init!r}: use 'zero' or 'previous'")
    w = Path(args.workdir)
    w.mkdir(parents=True, exist_ok=True)
    collect(
        CollectArgs(
            game.name, w / "data", args.episodes, args.workers, args.seed, crop=args.crop, frame_size=args.frame_size
        )
    )
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
    encode(EncodeArgs(w / "data", w / "vae" / VAE_FILE, w / "encoded", measurements=args.measurements))
    previous: tuple[Path, Path] | None = None  # the last iteration's (M file, weight directory)
    weights = w / "weights"
    summary = []
    for k in range(args.iterations):
        tag = iteration_tag(k)
        if previous is not None:
            collect(
                CollectArgs(
                    game.name,
                    w / "data",
                    args.iteration_episodes,
                    args.workers,
                    args.seed + k,
                    controller=previous[1] / CONTROLLER_FILE,
                    weights=previous[1],
                    noise=args.iteration_noise,
                    first_index=ITERATION_INDEX * k,
                )
            )
            encode(EncodeArgs(w / "data", w / "vae" / VAE_FILE, w / "encoded", measurements=args.measurements))
        mdnrnn_dir = w / f"mdnrnn{tag}"
        if not (mdnrnn_dir / MDNRNN_FILE).exists():
            train_mdnrnn(
                MDNRNNArgs(
                    game.name,
                    w / "encoded",
                    mdnrnn_dir,
                    steps=args.mdnrnn_steps if previous is None else args.iteration_mdnrnn_steps,
                    batch_size=args.mdnrnn_batch,
                    seq_len=args.seq_len,
                    episode_start=args.episode_start,
                    hidden_size=args.hidden_size,
                    init=None if previous is None else previous[0],
                    device=args.device,
                    seed=args.seed + k,
                )
            )
        weights = w / f"weights{tag}"
        weights.mkdir(exist_ok=True)
        for src in (w / "vae" / VAE_FILE, mdnrnn_dir / MDNRNN_FILE, w / "encoded" / LATENTS_FILE):
            shutil.copyfile(src, weights / src.name)
        controller_dir = w / f"controller{tag}"
        train_controller(
            ControllerArgs(
                game.dream_id,
                weights,
                controller_dir,
                temperature=args.temperature,
                generations=args.generations,
                population=args.population,
                rollouts=args.rollouts,
                max_steps=args.max_steps,
                init=None
                if previous is None or args.iteration_controller_init == "zero"
                else previous[1] / CONTROLLER_FILE,
                device=args.device,
                seed=args.seed + k,
                hidden=args.controller_hidden,
                diagonal=args.controller_diagonal,
            )
        )
        shutil.copyfile(controller_dir / "controller_best.safetensors", weights / CONTROLLER_FILE)
        summary.append({"iteration": k, "weights": str(weights), **_evaluate_all(game, args, weights, w / "eval", tag)})
        previous = (mdnrnn_dir / MDNRNN_FILE, weights)
    if args.iterations > 1:
        write_json_atomic(w / "eval" / "iterations.json", summary)
        for row in summary:
            print(f"iteration {row['iteration']}: " + ", ".join(f"{k} {v:.1f}" for k, v in row.items() if "mean" in k))
    return weights


def _evaluate_all(game: GameSpec, args: PipelineArgs, weights: Path, out_dir: Path, tag: str) -> dict[str, float]:
    """Controller and random policy in the dream and (when installed) the real game; skips finished results."""
    ids = [game.dream_id] + ([game.real_id] if source_available(game) else [])
    means = {}
    for env_id in ids:
        for policy in ("weights", "random"):
            name = "controller" if policy == "weights" else "random"
            out = out_dir / f"{env_id.replace('/', '_')}_{name}{tag}.json"
            if policy == "random" and tag:
                continue  # the random baseline does not change between iterations
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
            means[f"{env_id} {name} mean"] = json.loads(out.read_text())["mean"]
    return means
