"""`dreamgym report GAME --workdir DIR`: how faithful is the dream? Writes the model card's fidelity section.

(a) real frames next to V's reconstructions, (b) M's held-out NLL per z dimension and done precision/recall,
(c) the random policy's score in the dream at tau 1.0 and the game's default next to the real game, (d) the
controller's dream score next to its real score, (e) a side-by-side GIF of a real episode and the dream started
from the same first frame under the same actions. Everything goes into ``--out`` with ``card.json`` and README.md.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
import torch

from dreamgym.cli_args import ENV_HELP, GAME_HELP, arg
from dreamgym.envs.registration import game_by_name, game_for_id, stage_game
from dreamgym.envs.sources import source_available
from dreamgym.errors import ConfigError
from dreamgym.frames import upscale
from dreamgym.models.vae import frames_to_tensor, tensor_to_frames
from dreamgym.training.episodes import list_episodes, read_manifest, split_episodes
from dreamgym.training.evaluate import EvaluateArgs, evaluate
from dreamgym.training.model_card import iteration_tag, read_base, score_row, write_model_card
from dreamgym.training.salient_rate import dream_salient_rate, real_salient_rate, salient_mask
from dreamgym.training.train_vae import save_reconstructions
from dreamgym.weights import CONTROLLER_FILE, load_world_model
from dreamgym.wrappers import world_model_wrapper


@dataclass
class ReportArgs:
    """Arguments of `dreamgym report`."""

    game: str | None = arg(help=GAME_HELP, positional=True, optional=True)
    workdir: Path = arg(help="pipeline directory (data/, vae/, mdnrnn/, controller/, eval/, weights/)")
    out: Path | None = arg(None, "where to write the card and its figures (default: WORKDIR/weights)")
    episodes: int = arg(100, "episodes of each dream/real score (episode i seeded seed + i)", low=1)
    seed: int = arg(1000, "seed of the first episode", low=0)
    workers: int = arg(2, "processes for real-game episodes", low=1)
    gif_steps: int = arg(200, "steps of the side-by-side GIF", low=1)
    salient_episodes: int = arg(50, "episodes per policy of the large-salient-object rate, dream and real", low=1)
    iteration: int = arg(
        0, "card of iteration K of `pipeline --iterations` (mdnrnn_iterK/, controller_iterK/, weights_iterK/)"
    )
    base: Path | None = arg(
        None, "weight directory (with its card) this run continued from: V kept, M and C fine-tuned from it"
    )
    env: str | None = arg(None, ENV_HELP)


def _score(
    w: Path, env_id: str, policy: str, args: ReportArgs, tau: float | None = None, termination: str | None = None
) -> dict[str, Any]:
    """Evaluate once and cache the JSON in WORKDIR/eval (re-running the report reuses it)."""
    label = {"weights": "controller"}.get(policy, policy.replace(":", "_"))
    game = game_for_id(env_id, w / f"weights{iteration_tag(args.iteration)}")
    tag = iteration_tag(args.iteration) if policy == "weights" or env_id == game.dream_id else ""
    name = f"{env_id.replace('/', '_')}_{label}{tag}{f'_tau{tau}' if tau else ''}{f'_{termination}' if termination else ''}.json"
    path = w / "eval" / name
    if path.exists():
        result = json.loads(path.read_text())
        if result["episodes"] == args.episodes and result["seeds"].startswith(f"{args.seed}.."):
            if env_id == game.dream_id and not result.get("termination"):
                result["termination"] = termination or game.termination
            return result
    result = evaluate(
        EvaluateArgs(
            env_id,
            episodes=args.episodes,
            seed=args.seed,
            controller=policy,
            weights=w / f"weights{iteration_tag(args.iteration)}",
            temperature=tau,
            termination=termination,
            workers=args.workers,
            out=path,
        )
    )
    return result


SIZE_BINS = ((1, 4), (4, 10), (10, 30), (30, 1 << 30))


@torch.inference_mode()
def salient_recall(vae: Any, files: list[Path], colour: tuple, every: int = 4) -> dict[str, Any]:
    """Fraction of the salient-colour pixels (the game's ``salient_colour``) that V's reconstruction of the mean latent
    also paints in that colour, over every ``every``-th frame of ``files``, by how many such pixels the frame has.
    Small counts are distant objects: the ones a controller must see early."""
    from dreamgym.training.episodes import read_episode

    hits, totals, sizes = [], [], []
    for f in files:
        frames = read_episode(f)["frames"][::every]
        mu, _ = vae.encode(frames_to_tensor(torch.from_numpy(frames)))
        recon = tensor_to_frames(vae.decode(mu)).numpy()
        real_in, recon_in = salient_mask(frames, colour), salient_mask(recon, colour)
        hits.append((real_in & recon_in).sum((1, 2)))
        totals.append(real_in.sum((1, 2)))
    hit, total = np.concatenate(hits), np.concatenate(totals)
    result: dict[str, Any] = {"frames": len(total), "frames_with_salient": int((total > 0).sum())}
    result["recall"] = float(hit.sum() / max(total.sum(), 1))
    for lo, hi in SIZE_BINS:
        m = (total >= lo) & (total < hi)
        sizes.append(
            {
                "pixels": [lo, hi - 1],
                "frames": int(m.sum()),
                "recall": float((hit[m] / total[m]).mean()) if m.any() else None,
            }
        )
    result["by_size"] = sizes
    return result


@torch.inference_mode()
def side_by_side_gif(game_name: str, weights: Path, path: Path, steps: int, seed: int) -> int:
    """Real episode (left) and the dream from the same first frame under the same actions (right)."""
    import imageio.v3 as iio

    from dreamgym.training.policies import HeldRandomPolicy

    game = game_by_name(game_name)
    real = gym.make(game.real_id, weights=weights, observation="pixels")
    dream = gym.make(game.dream_id, weights=weights, render_mode="rgb_array", render_scale=1)
    policy = HeldRandomPolicy(game, np.random.default_rng(seed))
    frame, _ = real.reset(seed=seed)
    dream.reset(seed=seed, options={"initial_z": world_model_wrapper(real).mean_latent()})
    frames, dream_over = [], False
    for _ in range(steps):
        dream_frame = dream.render()
        if dream_over:
            dream_frame = (dream_frame * 0.3).astype(np.uint8)
        frames.append(upscale(np.concatenate([frame, np.zeros((len(frame), 2, 3), np.uint8), dream_frame], axis=1), 2))
        action = policy(None)
        frame, _, term, trunc, _ = real.step(action)
        if not dream_over:
            _, _, d_term, d_trunc, _ = dream.step(action)
            dream_over = d_term or d_trunc
        if term or trunc:
            break
    real.close()
    iio.imwrite(path, np.stack(frames), duration=1000 / game.render_fps, loop=0)
    return len(frames)


def report(args: ReportArgs) -> dict[str, Any]:
    """Compute every fidelity item and write the model card."""
    game = stage_game(args.game, args.env)
    w = Path(args.workdir)
    tag = iteration_tag(args.iteration)
    base = read_base(args.base)
    weights = w / f"weights{tag}"
    if not weights.is_dir():
        raise ConfigError(f"{weights} does not exist: run `dreamgym pipeline` (with --iterations > {args.iteration})")
    out = Path(args.out) if args.out else weights
    out.mkdir(parents=True, exist_ok=True)
    wm = load_world_model(weights)
    kept_model = base is not None and not (w / "data").is_dir()  # a round that trained only C, in the base's dream
    if kept_model:
        salient = base.get("v_salient_recall")
        fidelity: dict[str, Any] = {"m_heldout": base["mdnrnn"]}
    elif not (w / "data").is_dir():
        raise ConfigError(f"{w / 'data'} does not exist: report needs the run's data, or --base for a C-only round")
    else:
        _, held = split_episodes(list_episodes(w / "data"), 0.05, 0)
        save_reconstructions(wm.vae, held, out / "reconstructions.png", n=10)
        salient = None if game.salient_colour is None else salient_recall(wm.vae, held, game.salient_colour)
        fidelity = {"m_heldout": json.loads((w / f"mdnrnn{tag}" / "metrics.json").read_text())}
    has_controller = (weights / CONTROLLER_FILE).exists()
    for stage in ("vae", f"mdnrnn{tag}") + ((f"controller{tag}",) if has_controller else ()):
        if (w / stage / "curve.png").exists():
            shutil.copyfile(w / stage / "curve.png", out / f"{stage.split('_')[0]}_curve.png")
    # figures of what was kept from the base weights: V's curve, and for a C-only round M's and the reconstructions
    kept = (["vae_curve.png"] if not (w / "vae").is_dir() else []) + (
        ["reconstructions.png", "mdnrnn_curve.png"] if kept_model else []
    )
    for name in kept if args.base is not None else []:
        if (Path(args.base) / name).exists() and Path(args.base) / name != out / name:
            shutil.copyfile(Path(args.base) / name, out / name)
    if salient is not None:
        fidelity["v_salient_recall"] = salient
    scores: dict[str, Any] = {}
    probes = ["random"] + [f"constant:{k}" for k in range(game.discrete_actions)]
    for tau in sorted({1.0, game.default_temperature}):
        scores[f"dream_random_tau{tau}"] = _score(w, game.dream_id, "random", args, tau)
    other = "sample" if game.termination == "threshold" else "threshold"
    scores[f"dream_random_{other}"] = _score(w, game.dream_id, "random", args, game.default_temperature, other)
    for probe in probes[1:]:
        scores[f"dream_{probe}"] = _score(w, game.dream_id, probe, args, game.default_temperature)
    if has_controller:
        scores["dream_controller"] = _score(w, game.dream_id, "weights", args, game.default_temperature)
    if source_available(game):
        for probe in probes:
            scores[f"real_{probe}"] = _score(w, game.real_id, probe, args)
        if has_controller:
            scores["real_controller"] = _score(w, game.real_id, "weights", args)
        if game.salient_colour is not None:
            fidelity["large_salient_rate"] = {
                policy: {
                    "dream": dream_salient_rate(game, weights, policy, args.salient_episodes, args.seed),
                    "real": real_salient_rate(game, weights, policy, args.salient_episodes, args.seed),
                    "episodes": args.salient_episodes,
                }
                for policy in ("random", "constant:0")
            }
        fidelity["side_by_side_frames"] = side_by_side_gif(
            game.name, weights, out / "side_by_side.gif", args.gif_steps, args.seed
        )
    fidelity["scores"] = {k: score_row(v) for k, v in scores.items()}
    data = None if kept_model else read_manifest(w / "data")
    write_model_card(game, w, out, fidelity, data, args.iteration, base)
    return fidelity
