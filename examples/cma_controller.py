"""Train the paper's linear controller with CMA-ES in the dream, in a few dozen lines of user code.

This is what `dreamgym train controller` does, written against the public API only: a batched dream
(`gym.make_vec`), the linear controller and `cma`. The whole population is one batch of dreams per step, and
`run_dream_episodes` drops each dream from the batch when it ends, so a few long survivors cost little.

Run: ``python examples/cma_controller.py --generations 20`` (use ``--population 16 --rollouts 4`` for a quick
look).
"""

from __future__ import annotations

import argparse

import cma
import gymnasium as gym
import numpy as np
import torch

import dreamgym  # noqa: F401
from dreamgym.models import ControllerConfig, LinearController
from dreamgym.models.controller import row_actions
from dreamgym.training.rollout import run_dream_episodes


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

    owner = torch.arange(args.population).repeat_interleave(args.rollouts)  # row i is played by thetas[owner[i]]
    for gen in range(args.generations):
        thetas = torch.tensor(np.array(es.ask()), dtype=torch.float32)
        seeds = [gen * args.rollouts + r for r in range(args.rollouts)] * args.population  # same seeds per candidate
        returns = run_dream_episodes(
            envs, lambda obs, rows, thetas=thetas: row_actions(config, thetas, owner[rows], obs), seeds, args.max_steps
        )
        fitness = returns.reshape(args.population, args.rollouts).mean(1)
        es.tell(list(thetas.double().numpy()), list(-fitness))
        print(f"generation {gen + 1}: best {fitness.max():.0f}, mean {fitness.mean():.0f}")

    controller = LinearController(config)
    controller.set_flat(torch.tensor(es.result.xfavorite, dtype=torch.float32))
    return controller


if __name__ == "__main__":
    main()
