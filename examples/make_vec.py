"""1024 Take Cover dreams in one `gym.make_vec`, stepped as one batch, and the env-steps/s it reaches.

Run: ``python examples/make_vec.py [--num-envs 1024] [--seconds 10] [--weights DIR]`` (about 15 s on 2 cores).
"""

from __future__ import annotations

import argparse
import time

import gymnasium as gym
import numpy as np

import dreamgym  # noqa: F401  (registers the ids)


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--env", default="DreamTakeCover-v0")
    parser.add_argument("--num-envs", type=int, default=1024)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--weights", default=None, help="weight directory (default: the shipped one)")
    args = parser.parse_args(argv)

    envs = gym.make_vec(args.env, num_envs=args.num_envs, weights=args.weights)
    envs.reset(seed=0)
    envs.action_space.seed(0)
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        envs.step(envs.action_space.sample())
        steps += 1
    rate = steps * args.num_envs / (time.perf_counter() - t0)
    print(f"{args.env}: {args.num_envs} dreams, {steps} batched steps, {rate:,.0f} env-steps/s")
    envs.close()
    return float(np.round(rate))


if __name__ == "__main__":
    main()
