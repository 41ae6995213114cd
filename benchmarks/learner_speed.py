"""Learners at dream speed: env-steps/s of Stable-Baselines3 PPO's rollout collection in a batched dream, and the
wall time of one CMA-ES generation of the reference controller (population x rollouts dreams as one batch).

Run: ``python benchmarks/learner_speed.py`` (under a minute). ``benchmarks/run.py`` puts these next to the real
twins' speed measured in the same run.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import gymnasium as gym
import numpy as np
import torch

import dreamgym  # noqa: F401
from dreamgym.envs import GAMES
from dreamgym.envs.spec import GameSpec
from dreamgym.models import LinearController
from dreamgym.models.controller import row_actions
from dreamgym.training.rollout import run_dream_episodes
from dreamgym.weights import load_mdnrnn, load_vae, pretrained_dir, ships_weights


def ppo_rollout_steps_per_s(
    game: GameSpec, weights: Path, n_envs: int = 64, n_steps: int = 128, rollouts: int = 3
) -> float:
    """Env-steps/s while SB3's PPO collects rollouts (policy forward + the dream's step), updates excluded."""
    from stable_baselines3 import PPO
    from stable_baselines3.common.callbacks import BaseCallback

    from dreamgym.sb3 import make_vec_env

    class RolloutClock(BaseCallback):
        """Adds up the time spent inside rollout collection."""

        def __init__(self) -> None:
            super().__init__()
            self.seconds, self.t0 = 0.0, 0.0

        def _on_rollout_start(self) -> None:
            self.t0 = time.perf_counter()

        def _on_step(self) -> bool:
            return True

        def _on_rollout_end(self) -> None:
            self.seconds += time.perf_counter() - self.t0

    venv = make_vec_env(game.dream_id, n_envs=n_envs, seed=0, weights=weights)
    model = PPO("MlpPolicy", venv, n_steps=n_steps, batch_size=n_envs * n_steps, n_epochs=1, seed=0, device="cpu")
    model.learn(n_envs * n_steps)  # warm-up: first rollout and update
    clock = RolloutClock()
    model.learn(rollouts * n_envs * n_steps, callback=clock, reset_num_timesteps=False)
    venv.close()
    return rollouts * n_envs * n_steps / clock.seconds


def cma_generation_seconds(
    game: GameSpec, weights: Path, population: int = 64, rollouts: int = 16, seed: int = 0
) -> tuple[float, float]:
    """Seconds of one CMA-ES generation (``population`` controllers x ``rollouts`` dreams, to the end of every
    episode, as `dreamgym train controller` runs it) and the env-steps/s inside it."""
    env = gym.make_vec(game.dream_id, num_envs=population * rollouts, weights=weights)
    z_size = load_vae(weights / "vae.safetensors")[0].config.z_size
    config = game.controller_config(z_size + load_mdnrnn(weights / "mdnrnn.safetensors")[0].config.hidden_size)
    n_params = LinearController(config).num_params
    thetas = torch.from_numpy(np.random.default_rng(seed).normal(0, 0.1, (population, n_params)).astype(np.float32))
    owner = torch.arange(population).repeat_interleave(rollouts)
    steps = 0

    def policy(obs: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
        nonlocal steps
        steps += len(rows)
        return row_actions(config, thetas, owner[rows], obs)

    seeds = list(range(rollouts)) * population
    t0 = time.perf_counter()
    run_dream_episodes(env, policy, seeds, game.max_episode_steps)
    seconds = time.perf_counter() - t0
    env.close()
    return seconds, steps / seconds


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    print("| game | PPO rollout collection, 64 envs (env-steps/s) | CMA-ES generation 64 x 16 (s) | its env-steps/s |")
    print("| --- | --- | --- | --- |")
    for game in GAMES.values():
        weights = pretrained_dir(game.name)
        if not ships_weights(game):
            print(f"| {game.name} | no shipped weights | | |")
            continue
        ppo = ppo_rollout_steps_per_s(game, weights)
        seconds, sps = cma_generation_seconds(game, weights)
        print(f"| {game.name} | {ppo:,.0f} | {seconds:.1f} | {sps:,.0f} |")


if __name__ == "__main__":
    main()
