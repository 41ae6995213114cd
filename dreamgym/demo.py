"""`dreamgym demo`: the shipped controllers in their dreams (and real twins), a score table and a GIF per dream."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import gymnasium as gym
import numpy as np
import torch

from dreamgym.cli_args import arg
from dreamgym.envs import GAMES
from dreamgym.envs.sources import source_available
from dreamgym.envs.spec import GameSpec
from dreamgym.models import reset_controller
from dreamgym.training.policies import HeldRandomPolicy
from dreamgym.weights import CONTROLLER_FILE, load_controller, pretrained_dir, ships_weights


@dataclass
class DemoArgs:
    """Arguments of `dreamgym demo`."""

    episodes: int = arg(3, "episodes per env", low=1)
    seed: int = arg(0, "seed of the first episode", low=0)
    out: Path = arg(Path("demo"), "directory for the GIFs")
    gif_frames: int = arg(300, "at most this many frames per GIF", low=1)
    real: bool = arg(True, "also run the real twins when their games are installed")


def _episode(
    env: gym.Env, game: GameSpec, controller: torch.nn.Module | None, seed: int, frames: list | None, limit: int
) -> float:
    obs, _ = env.reset(seed=seed)
    reset_controller(controller)
    random_policy = HeldRandomPolicy(game, np.random.default_rng(seed))
    total, done = 0.0, False
    while not done:
        with torch.inference_mode():
            action = random_policy(obs) if controller is None else controller(torch.from_numpy(obs)[None])[0].numpy()
        obs, reward, terminated, truncated, _ = env.step(action)
        total += reward
        done = terminated or truncated
        if frames is not None and len(frames) < limit:
            frames.append(env.render())
    return total


def demo(args: DemoArgs) -> list[dict[str, object]]:
    """Run and print; returns the table rows."""
    import imageio.v3 as iio

    rows: list[dict[str, object]] = []
    import torch

    cuda = torch.cuda.is_available()
    print(
        f"torch {torch.__version__} on {'cuda' if cuda else 'cpu'} "
        f"(CPU kernels: {torch.backends.cpu.get_cpu_capability()}); the dreams run on cpu unless device= says otherwise"
    )
    for game in GAMES.values():
        weights = pretrained_dir(game.name)
        if not ships_weights(game):
            print(f"{game.name}: no shipped weights yet (train them with `dreamgym pipeline {game.name}`)")
            continue
        controller = None
        if (weights / CONTROLLER_FILE).exists():
            controller = load_controller(weights / CONTROLLER_FILE)[0]
        else:
            print(f"{game.name}: shipped world model without a controller yet: showing the random policy")
        ids = [game.dream_id] + ([game.real_id] if args.real and source_available(game) else [])
        for env_id in ids:
            dream = env_id == game.dream_id
            env = gym.make(env_id, render_mode="rgb_array" if dream else None)
            frames: list | None = [] if dream else None
            scores = [
                _episode(env, game, controller, args.seed + i, frames if i == 0 else None, args.gif_frames)
                for i in range(args.episodes)
            ]
            env.close()
            rows.append(
                {
                    "env": env_id,
                    "policy": "shipped controller" if controller else "random",
                    "mean": float(np.mean(scores)),
                    "std": float(np.std(scores)),
                }
            )
            if frames:
                args.out.mkdir(parents=True, exist_ok=True)
                path = args.out / f"{env_id}.gif"
                iio.imwrite(path, np.stack(frames), duration=1000 / game.render_fps, loop=0)
                print(f"wrote {path} ({len(frames)} frames)")
    if rows:
        print(f"\n| env | policy | {args.episodes} episodes (seeds {args.seed}..) |\n| --- | --- | --- |")
        for r in rows:
            print(f"| {r['env']} | {r['policy']} | {r['mean']:.1f} +/- {r['std']:.1f} |")
    return rows
