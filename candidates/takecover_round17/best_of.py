"""Best of K shorter PPO starts, chosen by the dream: K actors of T/K dream steps each (the issue's 1 M budget in
all), each scored over the same dream episodes, the highest-scoring one played in the real game.

Usage: python candidates/takecover_round17/best_of.py RUN SEED [SEED ...]
(per SEED: starts SEED and SEED+100, 500k steps each, tau 1.5, the 64x64 actor; docs/takecover_round17.md)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import gymnasium as gym
import numpy as np
import torch

import dreamgym  # noqa: F401
from dreamgym.envs.registration import game_for_id
from dreamgym.files import write_json_atomic
from dreamgym.training.rollout import play_episode, run_episodes
from dreamgym.weights import load_mlp_policy

STEPS, TAU, DREAM_EPISODES, DREAM_SEED, REAL_SEED, REAL_EPISODES = 500_000, 1.5, 256, 50_000, 2000, 100


def dream_score(path: Path) -> float:
    """Mean return of the exported actor over the fixed dream episodes (one batched dream)."""
    policy = load_mlp_policy(path)[0].eval()
    env = gym.make_vec(
        "DreamTakeCover-v0", num_envs=DREAM_EPISODES, vectorization_mode="vector_entry_point", temperature=TAU
    )
    seeds = list(range(DREAM_SEED, DREAM_SEED + DREAM_EPISODES))
    with torch.inference_mode():
        returns = run_episodes(
            env,
            lambda obs: policy(torch.from_numpy(obs)).numpy(),
            seeds,
            game_for_id("DreamTakeCover-v0").max_episode_steps,
        )
    env.close()
    return float(returns.mean())


def real_returns(path: Path) -> list[float]:
    """Returns of the exported actor over the held-out real episodes."""
    policy = load_mlp_policy(path)[0].eval()
    env = gym.make("RealTakeCover-v0")

    def act(obs: np.ndarray) -> int:
        with torch.inference_mode():
            return int(policy(torch.from_numpy(obs)[None])[0])

    returns = [play_episode(env, act, REAL_SEED + i) for i in range(REAL_EPISODES)]
    env.close()
    return returns


def main() -> None:
    run = Path(sys.argv[1])
    run.mkdir(parents=True, exist_ok=True)
    for seed in map(int, sys.argv[2:]):
        out = run / f"best_of_s{seed}.json"
        if out.exists():
            continue
        starts = {}
        for start in (seed, seed + 100):
            path = run / f"start_s{start}.safetensors"
            if not path.exists():
                subprocess.run(
                    [
                        sys.executable,
                        "examples/sb3_ppo_takecover.py",
                        "--timesteps",
                        str(STEPS),
                        "--episodes",
                        "0",
                        "--seed",
                        str(start),
                        "--temperature",
                        str(TAU),
                        "--save",
                        str(path),
                    ],
                    check=True,
                )
            starts[start] = {"dream": dream_score(path), "real": real_returns(path)}
            print(f"start {start}: dream {starts[start]['dream']:.1f}, real {np.mean(starts[start]['real']):.1f}")
        chosen = max(starts, key=lambda s: starts[s]["dream"])
        write_json_atomic(out, {"chosen": chosen, "starts": {str(k): v for k, v in starts.items()}})
        print(f"seed {seed}: the dream chose start {chosen}, real {np.mean(starts[chosen]['real']):.1f}")
    print(json.dumps({p.name: json.loads(p.read_text())["chosen"] for p in sorted(run.glob("best_of_s*.json"))}))


if __name__ == "__main__":
    main()
