"""Does the world model know how fast the car goes? A linear probe of CarRacing's true speed from z and from h.

A CarRacing dream can only pay for speed, and charge for it in corners, if its state carries the speed. This plays
the scripted data driver (random throttle, driver seed i) in the real twin of a weight directory, records its
observation (z, h) and the car's true speed (Box2D's hull velocity) after each step, fits a ridge regression on the
first 3/4 of the episodes and reports R^2 on the rest, from z, h and both: the probe of docs/carracing_round6.md as a
script. There, on the shipped weights, whose V's crop drops the dashboard: z R^2 -0.03, h 0.78.

About 2 minutes on 2 cores for 12 episodes of 1,000 steps.

Run: ``python examples/carracing_speed_probe.py --weights pretrained/carracing --episodes 12``
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import gymnasium as gym
import numpy as np
import torch

import dreamgym  # noqa: F401
from dreamgym.envs import GAMES
from dreamgym.games.carracing.driver import TrackFollowingPolicy

GAME = GAMES["carracing"]


def play(env: gym.Env, seed: int, driver_seed: int, max_steps: int) -> tuple[np.ndarray, np.ndarray]:
    """The real twin's observations (z, h) and the true speed after every step of the scripted driver."""
    policy = TrackFollowingPolicy(np.random.default_rng(driver_seed), env, "random")
    obs, _ = env.reset(seed=seed)
    observations, speeds = [], []
    done = False
    while not done and len(speeds) < max_steps:
        obs, _, terminated, truncated, _ = env.step(policy(obs))
        observations.append(obs)
        speeds.append(math.hypot(*env.unwrapped.car.hull.linearVelocity))
        done = terminated or truncated
    return np.array(observations), np.array(speeds)


def ridge_r2(x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray, y_test: np.ndarray, alpha: float) -> float:
    """Held-out R^2 of a ridge regression with an intercept column."""
    a, b = np.c_[x_train, np.ones(len(x_train))], np.c_[x_test, np.ones(len(x_test))]
    w = np.linalg.solve(a.T @ a + alpha * np.eye(a.shape[1]), a.T @ y_train)
    return float(1 - ((b @ w - y_test) ** 2).mean() / y_test.var())


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Print and return the held-out R^2 of the speed from z and from h."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weights", type=Path, default=Path("pretrained/carracing"), help="V + M directory")
    parser.add_argument("--episodes", type=int, default=12, help="episodes (the first 3/4 fit, the rest held out)")
    parser.add_argument("--seed", type=int, default=4000, help="seed of the first episode")
    parser.add_argument("--alpha", type=float, default=1e-2, help="ridge penalty")
    parser.add_argument("--max-steps", type=int, default=1000, help="steps per episode at most")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    env = gym.make(GAME.real_id, weights=str(args.weights))
    z_size = env.get_wrapper_attr("wm").vae.config.z_size  # the observation is concat(z, h)
    runs = [play(env, args.seed + i, i, args.max_steps) for i in range(args.episodes)]
    env.close()
    split = args.episodes * 3 // 4
    obs_train = np.concatenate([o for o, _ in runs[:split]])
    obs_test = np.concatenate([o for o, _ in runs[split:]])
    speed_train = np.concatenate([s for _, s in runs[:split]])
    speed_test = np.concatenate([s for _, s in runs[split:]])
    r2s = {}
    for name, cols in (("z", slice(0, z_size)), ("h", slice(z_size, None)), ("z+h", slice(0, None))):
        r2s[name] = r2 = ridge_r2(obs_train[:, cols], speed_train, obs_test[:, cols], speed_test, args.alpha)
        print(f"speed from {name}: held-out R^2 {r2:.3f} ({len(speed_test)} steps of {len(runs) - split} episodes)")
    return r2s


if __name__ == "__main__":
    main()
