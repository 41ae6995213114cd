"""Real returns of exported PPO actors (safetensors MLP policies) on seeded episodes, written as JSON.

Usage: python candidates/takecover_round16/play.py OUT.json SEED EPISODES ACTOR.safetensors [...] [--workers N]
[--weights DIR]  (``--workers`` plays the actors in N processes, each actor's returns the same either way;
``--weights``: the V + M the actors observe through, default the shipped ones)
"""

from __future__ import annotations

import argparse
import multiprocessing

import gymnasium as gym
import numpy as np
import torch

import dreamgym  # noqa: F401
from dreamgym.files import write_json_atomic
from dreamgym.training.rollout import play_episode
from dreamgym.weights import load_mlp_policy


def play(path: str, seed: int, episodes: int, weights: str | None = None) -> list[float]:
    """Real returns of one actor on episodes seeded ``seed .. seed + episodes - 1``, seen through ``weights``."""
    policy = load_mlp_policy(path)[0].eval()

    def act(obs: np.ndarray) -> int:
        with torch.inference_mode():
            return int(policy(torch.from_numpy(obs)[None])[0])

    env = gym.make("RealTakeCover-v0", **({} if weights is None else {"weights": weights}))
    try:
        returns = [play_episode(env, act, seed + i) for i in range(episodes)]
    finally:
        env.close()
    print(
        f"{path}: {np.mean(returns):.1f} +/- {np.std(returns):.1f} over {episodes} episodes from seed {seed}",
        flush=True,
    )
    return returns


def _play_one_thread(args: tuple[str, int, int, str | None]) -> list[float]:
    torch.set_num_threads(1)
    return play(*args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("seed", type=int)
    parser.add_argument("episodes", type=int)
    parser.add_argument("actors", nargs="+")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--weights", default=None, help="V + M directory the actors observe through (default: shipped)")
    args = parser.parse_args()
    if args.workers < 1:
        parser.error(f"--workers must be at least 1, got {args.workers}")
    jobs = [(path, args.seed, args.episodes, args.weights) for path in args.actors]
    if args.workers == 1:
        results = [play(*job) for job in jobs]
    else:
        with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
            results = pool.map(_play_one_thread, jobs, chunksize=1)
    write_json_atomic(
        args.out,
        {
            "seeds": [args.seed, args.seed + args.episodes - 1],
            "weights": args.weights,
            "returns": dict(zip(args.actors, results, strict=True)),
        },
    )


if __name__ == "__main__":
    main()
