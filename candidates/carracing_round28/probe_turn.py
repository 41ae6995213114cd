"""Round 28's probe of the turn-around policy (docs/carracing_round28.md): per real track, how far the car turned and
what it did in the 200 steps after the turn (new tiles paid, share of steps with a wheel on the road).
Usage: python candidates/carracing_round28/probe_turn.py FIRST_SEED END_SEED   (from the repo root; the shipped
controller drives)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import torch

from dreamgym.envs.registration import game_by_name
from dreamgym.envs.sources import make_source_env
from dreamgym.weights import load_world_model
from dreamgym.wrappers import WorldModelObservation

WEIGHTS, AFTER = Path("pretrained/carracing"), 200


def main() -> None:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("TURN_CONTROLLER", str(WEIGHTS / "controller.safetensors"))
    sys.path.insert(0, str(Path.cwd()))
    from candidates.carracing_round28.turnaround import TurnAround

    torch.set_num_threads(1)
    game = game_by_name("carracing")
    for seed in range(int(sys.argv[1]), int(sys.argv[2])):
        env = WorldModelObservation(make_source_env(game), load_world_model(WEIGHTS), game)
        policy = TurnAround()
        policy.reset(seed=seed)
        obs, _ = env.reset(seed=seed)
        rewards, angles, on_road, done = [], [], [], False
        while not done:
            obs, reward, terminated, truncated, _ = env.step(policy(obs))
            car = env.unwrapped.car
            rewards.append(reward)
            angles.append(car.hull.angle)
            on_road.append(any(len(w.tiles) > 0 for w in car.wheels))
            done = terminated or truncated
        env.close()
        end = min(policy.start + policy.brake + policy.turn, len(angles) - 1)
        turned = np.degrees(angles[end] - angles[policy.start])
        tiles = int((np.asarray(rewards[end : end + AFTER]) > 0).sum())
        print(
            f"seed {seed}: turn at step {policy.start}, turned {turned:+.0f} degrees; next {AFTER} steps: "
            f"{tiles} new tiles, on the road {np.mean(on_road[end : end + AFTER]):.0%}; return {sum(rewards):.1f}"
        )


if __name__ == "__main__":
    main()
