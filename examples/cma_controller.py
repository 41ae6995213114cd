"""Train the paper's linear controller with CMA-ES in the dream, in a few dozen lines of user code.

This is what `dreamgym train controller` does, written against the public API only: a batched dream
(`gym.make_vec`), the linear controller and `cma`. The whole population is one batch of dreams per step.

Run: ``python examples/cma_controller.py --generations 20`` (about 1 minute per generation of 64 x 16 dreams
on 2 cores with the shipped Take Cover weights; use ``--population 16 --rollouts 4`` for a quick look).
"""

from __future__ import annotations

import argparse

import cma
import gymnasium as gym
import numpy as np
import torch

import dreamgym  # noqa: F401
from dreamgym.models import ControllerConfig, LinearController
from dreamgym.models.controller import population_actions


def main(argv: list[str] | None = None) -> LinearController:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--env", default="DreamTakeCover-v0")
    p.add_argument("--weights", default=None)
    p.add_argument("--temperature", type=float, default=1.15)
    p.add_argument("--generations", type=int, default=20)
    p.add_argument("--population", type=int, default=64)
    p.add_argument("--rollouts", type=int, default=16)
    p.add_argument("--max-steps", type=int, default=2100)
    args = p.parse_args(argv)

    envs = gym.make_vec(
        args.env, num_envs=args.population * args.rollouts, weights=args.weights, temperature=args.temperature
    )
    obs_size = envs.single_observation_space.shape[0]
    discrete = isinstance(envs.single_action_space, gym.spaces.Discrete)
    config = ControllerConfig(obs_size, 1 if discrete else 3, "threshold3" if discrete else "carracing")
    n_params = LinearController(config).num_params
    es = cma.CMAEvolutionStrategy(np.zeros(n_params), 0.1, {"popsize": args.population, "seed": 1, "verbose": -9})

    for gen in range(args.generations):
        thetas = torch.tensor(np.array(es.ask()), dtype=torch.float32)
        seeds = [gen * args.rollouts + r for r in range(args.rollouts)] * args.population  # same seeds per candidate
        obs, _ = envs.reset(seed=seeds)
        returns = np.zeros(envs.num_envs)
        alive = np.ones(envs.num_envs, bool)
        for _ in range(args.max_steps):
            actions = population_actions(config, thetas, torch.from_numpy(obs)).numpy()
            obs, reward, terminated, truncated, _ = envs.step(actions)
            returns += reward * alive
            alive &= ~(terminated | truncated)
            if not alive.any():
                break
        fitness = returns.reshape(args.population, args.rollouts).mean(1)
        es.tell(list(thetas.double().numpy()), list(-fitness))
        print(f"generation {gen + 1}: best {fitness.max():.0f}, mean {fitness.mean():.0f}")

    controller = LinearController(config)
    controller.set_flat(torch.tensor(es.result.xfavorite, dtype=torch.float32))
    return controller


if __name__ == "__main__":
    main()
