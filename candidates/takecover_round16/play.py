"""Real returns of exported PPO actors (safetensors MLP policies) on seeded episodes, written as JSON.

Usage: python candidates/takecover_round16/play.py OUT.json SEED EPISODES ACTOR.safetensors [...] [--workers N]
(``--workers`` plays the actors in N processes; each actor's returns are the same either way.)
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


def play(path: str, seed: int, episodes: int) -> list[float]:
    """Real returns of one actor on episodes seeded ``seed .. seed + episodes - 1``."""
    policy = load_mlp_policy(path)[0].eval()

    def act(obs: np.ndarray) -> int:
        with torch.inference_mode():
            return int(policy(torch.from_numpy(obs)[None])[0])

    env = gym.make("RealTakeCover-v0")
    try:
        returns = [play_episode(env, act, seed + i) for i in range(episodes)]
    finally:
        env.close()
    print(
        f"{path}: {np.mean(returns):.1f} +/- {np.std(returns):.1f} over {episodes} episodes from seed {seed}",
        flush=True,
    )
    return returns


def _play_one_thread(args: tuple[str, int, int]) -> list[float]:
    torch.set_num_threads(1)
    return play(*args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("seed", type=int)
    parser.add_argument("episodes", type=int)
    parser.add_argument("actors", nargs="+")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if args.workers < 1:
        parser.error(f"--workers must be at least 1, got {args.workers}")
    jobs = [(path, args.seed, args.episodes) for path in args.actors]
    if args.workers == 1:
        results = [play(*job) for job in jobs]
    else:
        with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
            results = pool.map(_play_one_thread, jobs, chunksize=1)
    write_json_atomic(
        args.out,
        {"seeds": [args.seed, args.seed + args.episodes - 1], "returns": dict(zip(args.actors, results, strict=True))},
    )


if __name__ == "__main__":
    main()
