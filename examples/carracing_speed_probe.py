"""Does the world model know how fast the car goes? A linear probe of CarRacing's true speed from z and from h.

A CarRacing dream can only pay for speed, and charge for it in corners, if its state carries the speed. This plays
the scripted data driver (random throttle) in the real game through a weight directory's V and M, records z, h and
the car's true speed (Box2D's hull velocity) each step, fits a ridge regression on the first episodes and reports
R^2 on the held-out last ones, for z alone and for h alone. On the shipped weights, whose V's crop drops the
dashboard (12 episodes, seeds 4000..4011, the last 3 held out): z R^2 0.006, h 0.665. (Round 7's figures in
docs/carracing_round7.md came from an earlier, uncommitted version of this probe, not comparable to the digit.)

About 2 minutes on 2 cores for 12 episodes of 1,000 steps.

Run: ``python examples/carracing_speed_probe.py --weights pretrained/carracing --episodes 12``
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np
import torch

from dreamgym.envs import GAMES
from dreamgym.envs.sources import make_source_env
from dreamgym.games.carracing.driver import TrackFollowingPolicy
from dreamgym.weights import load_world_model
from dreamgym.wrappers import WorldModelObservation

GAME = GAMES["carracing"]


def play(weights: Path, seed: int, max_steps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """z, h and the true speed at every step of one episode of the scripted driver (at most ``max_steps``)."""
    env = WorldModelObservation(make_source_env(GAME), load_world_model(weights), GAME)
    policy = TrackFollowingPolicy(np.random.default_rng(seed), env, "random")
    obs, _ = env.reset(seed=seed)
    zs, hs, speeds = [], [], []
    done = False
    while not done and len(zs) < max_steps:
        zs.append(env.z[0].numpy().copy())
        hs.append(env.h[0].numpy().copy())
        speeds.append(math.hypot(*env.unwrapped.car.hull.linearVelocity))
        obs, _, terminated, truncated, _ = env.step(policy(obs))
        done = terminated or truncated
    env.close()
    return np.array(zs), np.array(hs), np.array(speeds)


def ridge_r2(x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray, y_test: np.ndarray, alpha: float) -> float:
    """Held-out R^2 of a ridge regression (features standardised on the training steps, intercept unpenalised)."""
    mean, std = x_train.mean(0), x_train.std(0) + 1e-6
    a, b = (x_train - mean) / std, (x_test - mean) / std
    w = np.linalg.solve(a.T @ a + alpha * np.eye(a.shape[1]), a.T @ (y_train - y_train.mean()))
    pred = b @ w + y_train.mean()
    return float(1 - ((y_test - pred) ** 2).sum() / ((y_test - y_test.mean()) ** 2).sum())


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Print and return the held-out R^2 of the speed from z and from h."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weights", type=Path, default=Path("pretrained/carracing"), help="V + M directory")
    parser.add_argument("--episodes", type=int, default=12, help="episodes (the last quarter is held out)")
    parser.add_argument("--seed", type=int, default=4000, help="seed of the first episode")
    parser.add_argument("--alpha", type=float, default=1.0, help="ridge penalty")
    parser.add_argument("--max-steps", type=int, default=1000, help="steps per episode at most")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    runs = [play(args.weights, args.seed + i, args.max_steps) for i in range(args.episodes)]
    split = args.episodes - max(1, args.episodes // 4)
    speed_train = np.concatenate([r[2] for r in runs[:split]])
    speed_test = np.concatenate([r[2] for r in runs[split:]])
    r2s = {}
    for name, k in (("z", 0), ("h", 1)):
        train = np.concatenate([r[k] for r in runs[:split]])
        test = np.concatenate([r[k] for r in runs[split:]])
        r2s[name] = r2 = ridge_r2(train, speed_train, test, speed_test, args.alpha)
        print(f"speed from {name}: held-out R^2 {r2:.3f} ({len(speed_test)} steps of {args.episodes - split} episodes)")
    return r2s


if __name__ == "__main__":
    main()
