"""Real-game speed: steps/s of each real game as dreamgym plays it (collection, evaluation, the fidelity benchmark's
real side), next to the same game built by a plain ``gym.make`` where Gymnasium registers it, and of its real twin
(the game plus V's encoding and M's step: what a learner evaluated in the real game pays).

Run: ``python benchmarks/real_speed.py`` (about two minutes on 2 cores). One env, random actions. For CarRacing
the first two columns differ by dreamgym's pixel-identical road renderer (``dreamgym/games/carracing/fast_road.py``).
"""

from __future__ import annotations

import argparse
import time

import gymnasium as gym

import dreamgym  # noqa: F401
from dreamgym.envs import GAMES
from dreamgym.envs.sources import make_source_env, source_available


def steps_per_second(env: gym.Env, steps: int, seed: int = 0) -> float:
    """Random-action steps/s over ``steps`` steps (resets included), after a short warm-up."""
    env.action_space.seed(seed)
    env.reset(seed=seed)
    for _ in range(20):
        env.step(env.action_space.sample())
    start, done = time.perf_counter(), 0
    while done < steps:
        _, _, terminated, truncated, _ = env.step(env.action_space.sample())
        done += 1
        if terminated or truncated:
            env.reset()
    rate = steps / (time.perf_counter() - start)
    env.close()
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    print("| game | as dreamgym plays it (steps/s) | plain gym.make (steps/s) | real twin, shipped V + M (steps/s) |")
    print("| --- | --- | --- | --- |")
    for game in GAMES.values():
        if not source_available(game):
            print(f"| {game.name} | not installed | | |")
            continue
        ours = steps_per_second(make_source_env(game), args.steps)
        try:
            plain = f"{steps_per_second(gym.make(game.source_id), args.steps):,.0f}"
        except gym.error.Error:
            plain = f"({game.source_id} is not a Gymnasium id)"
        twin = steps_per_second(gym.make(game.real_id), args.steps)
        print(f"| {game.name} | {ours:,.0f} | {plain} | {twin:,.0f} |")


if __name__ == "__main__":
    main()
