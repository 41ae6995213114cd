"""Where a CarRacing controller's real score goes: per track, the return, the steps, the tiles visited of the lap.

Usage: python candidates/carracing_round17/laps.py WEIGHTS CONTROLLER FIRST_SEED TRACKS OUT.json
(two worker processes; diagnostic seeds apart from the gate's 2000..2099 and the issue's 1000..1099).
"""

from __future__ import annotations

import json
import sys
from multiprocessing import Pool

import gymnasium as gym
import numpy as np
import torch

import dreamgym  # noqa: F401
from dreamgym.models import reset_controller
from dreamgym.weights import load_controller


def one_track(job: tuple[str, str, int]) -> dict[str, float]:
    """Play one seeded track; read the tile counts off the Box2D env under the wrappers."""
    weights, path, seed = job
    torch.set_num_threads(1)
    controller = load_controller(path)[0]
    reset_controller(controller)
    env = gym.make("RealCarRacing-v0", weights=weights)
    obs, _ = env.reset(seed=seed)
    total, steps, done, gas = 0.0, 0, False, []
    while not done:
        with torch.inference_mode():
            action = controller(torch.from_numpy(obs[None])).numpy()[0]
        gas.append(float(action[1]))
        obs, reward, terminated, truncated, _ = env.step(action)
        total, steps, done = total + float(reward), steps + 1, terminated or truncated
    car = env.unwrapped
    while not hasattr(car, "tile_visited_count") and hasattr(car, "env"):
        car = car.env.unwrapped
    row = {"seed": seed, "return": total, "steps": steps, "tiles": car.tile_visited_count, "lap": len(car.track)}
    env.close()
    return row | {"mean_gas": float(np.mean(gas))}


def main() -> None:
    weights, path, first, tracks, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    with Pool(2) as pool:
        rows = pool.map(one_track, [(weights, path, s) for s in range(first, first + tracks)])
    done = [r for r in rows if r["tiles"] >= r["lap"]]
    short = [r for r in rows if r["tiles"] < r["lap"]]
    print(f"{tracks} tracks from seed {first}: mean return {np.mean([r['return'] for r in rows]):.1f}")
    if done:
        print(
            f"laps finished: {len(done)}, mean return {np.mean([r['return'] for r in done]):.1f} "
            f"in {np.mean([r['steps'] for r in done]):.0f} steps"
        )
    if short:
        frac = [r["tiles"] / r["lap"] for r in short]
        print(
            f"laps not finished: {len(short)}, mean return {np.mean([r['return'] for r in short]):.1f}, "
            f"{np.mean(frac):.1%} of the lap's tiles, {sum(f > 0.95 for f in frac)} above 95 %"
        )
    print(f"tiles per step: {np.mean([r['tiles'] / r['steps'] for r in rows]):.3f}")
    with open(out, "w") as f:
        json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
