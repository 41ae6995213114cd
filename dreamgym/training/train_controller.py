"""`dreamgym train controller`: the controller C by CMA-ES, the whole population dreamed as one batch."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import cma
import gymnasium as gym
import numpy as np
import torch
from gymnasium.vector import VectorEnv
from tqdm import tqdm

from dreamgym.cli_args import arg, check_bounds
from dreamgym.envs.registration import game_for_id
from dreamgym.envs.spec import parse_reward_budget
from dreamgym.errors import ConfigError
from dreamgym.models import ControllerConfig, LinearController, MemoryController
from dreamgym.models.controller import row_actions
from dreamgym.training.evaluate import real_returns
from dreamgym.training.logging import CSVLog, plot_curves
from dreamgym.training.parallel import WorkerPool, check_backend
from dreamgym.training.rollout import run_dream_episodes
from dreamgym.weights import (
    atomic_save,
    load_controller,
    load_world_model,
    read_safetensors,
    resolve_weights,
    save_controller,
)


@dataclass
class ControllerArgs:
    """Arguments of `dreamgym train controller`."""

    env: str = arg(help="env id to train in: a dream (batched), or a real twin (workers or Ray)")
    weights: Path | None = arg(None, "directory with V, M and initial latents (default: the shipped ones)")
    out: Path = arg(Path("runs/controller"), "run directory: controller_best/mean.safetensors, log.csv, curve.png")
    temperature: float | None = arg(None, "dream temperature tau (default: the env's)", above=0)
    generations: int = arg(200, "CMA-ES generations", low=1)
    population: int = arg(64, "CMA-ES population size", low=2)
    rollouts: int = arg(16, "dream episodes per candidate per generation (same seeds for every candidate)", low=1)
    sigma0: float = arg(0.1, "initial CMA-ES step size", above=0)
    l2: float = arg(0.01, "fitness penalty: l2 * mean(theta^2)", low=0)
    max_steps: int | None = arg(None, "episode cap in the dream (default: the env's)", low=1)
    eval_every: int = arg(25, "evaluate the CMA-ES mean every N generations", low=0)
    eval_rollouts: int = arg(1024, "dream episodes of each mean evaluation", low=1)
    keep_every: int = arg(
        0, "also keep the CMA-ES mean of every Nth generation as controller_mean_genN (0: never)", low=0
    )
    termination: str | None = arg(None, "dream termination: threshold (done logit > 0) or sample (default: the env's)")
    ensemble: str | None = arg(
        None, "dream use of an ensemble of M: off, episode or pessimistic (default: the env's, off)"
    )
    reward_budget: str | None = arg(
        None, "dream reward budget: a number, 'none', or (default) the game's (e.g. what a lap's tiles pay)"
    )
    disagreement_penalty: float | None = arg(
        None,
        "pessimistic dream only: each step pays this times the members' disagreement on the next z less (default 0)",
        low=0,
    )
    workers: int = arg(2, "real-twin training: processes evaluating candidates", low=1)
    backend: str = arg("local", "real-twin training: candidates on local processes, or ray (the paper's setup)")
    address: str | None = arg(None, "Ray cluster address (with --backend ray; default: a local Ray)")
    checkpoint_minutes: float = arg(5.0, "minutes between checkpoints (also written every generation)", above=0)
    init: Path | None = arg(None, "controller.safetensors whose parameters start the CMA-ES mean (default: zeros)")
    hidden: int = arg(0, "hidden units of C: 0 is the paper's linear C, N > 0 one tanh layer of N units", low=0)
    diagonal: bool = arg(
        False, "CMA-ES with a diagonal covariance (sep-CMA): learns per-parameter step sizes fast, for many parameters"
    )
    device: str = arg("cpu", "cpu or cuda")
    seed: int = arg(0, "seed of CMA-ES and of the dream episodes", low=0)


def train_controller(args: ControllerArgs) -> Path:
    """Run (or resume) CMA-ES; every generation saves the best candidate and the mean as controllers."""
    check_bounds(args)
    game = game_for_id(args.env, args.weights)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    is_dream = args.env.removeprefix("dreamgym:") == game.dream_id
    check_backend(args.backend)
    max_steps = args.max_steps or game.max_episode_steps
    if is_dream:
        kwargs = {"weights": args.weights, "device": args.device, "termination": args.termination}
        if args.temperature is not None:
            kwargs["temperature"] = args.temperature
        if args.ensemble is not None:
            kwargs["ensemble"] = args.ensemble
        if args.reward_budget is not None:
            kwargs["reward_budget"] = parse_reward_budget(args.reward_budget)
        if args.disagreement_penalty is not None:
            kwargs["disagreement_penalty"] = args.disagreement_penalty
        env = gym.make_vec(args.env, num_envs=args.population * args.rollouts, **kwargs)
        tau = env.unwrapped.temperature if hasattr(env, "unwrapped") else env.temperature
        wm = env.world_model
    else:
        if args.ensemble is not None:
            raise ConfigError(f"--ensemble chooses how a dream uses its members; {args.env} is the real game")
        if args.reward_budget is not None:
            raise ConfigError(f"--reward-budget caps what a dream pays; {args.env} is the real game")
        if args.disagreement_penalty is not None:
            raise ConfigError(f"--disagreement-penalty is what a dream charges; {args.env} is the real game")
        env, tau = None, None
        wm = load_world_model(resolve_weights(game, args.weights))
        pool = WorkerPool(args.workers, args.backend, args.address)
    config = replace(game.controller_config(wm.z_size + wm.mdnrnn.config.hidden_size), hidden_size=args.hidden)
    n_params = LinearController(config).num_params

    def returns_of(thetas: np.ndarray, seeds: list[int]) -> np.ndarray:
        """Mean return of every parameter vector over the episodes ``seeds`` (the same for every candidate)."""
        if env is None:
            per = real_returns(
                args.env,
                {"weights": args.weights},
                [(config, theta) for theta in thetas],
                [seeds] * len(thetas),
                max_steps=max_steps,
                pool=pool,
            )
            return np.array(per).mean(1)
        theta_t = torch.from_numpy(np.asarray(thetas, np.float32))
        owner = torch.arange(len(thetas)).repeat_interleave(len(seeds))

        def policy(obs: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
            return row_actions(config, theta_t, owner[rows], obs)

        returns = run_dream_episodes(env, policy, seeds * len(thetas), max_steps)
        return returns.reshape(len(thetas), len(seeds)).mean(1)

    def evaluate_mean(theta: np.ndarray, gen: int) -> np.ndarray:
        """Per-episode returns of the CMA-ES mean on ``args.eval_rollouts`` fresh episodes."""
        first = 7_000_000 + gen
        if env is None:
            seeds = [[first + i] for i in range(args.eval_rollouts)]
            per = real_returns(
                args.env,
                {"weights": args.weights},
                [(config, theta)] * len(seeds),
                seeds,
                max_steps=max_steps,
                pool=pool,
            )
            return np.array(per)[:, 0]
        theta_t = torch.from_numpy(np.asarray(theta, np.float32))
        return evaluate_theta(env, config, theta_t, args.eval_rollouts, first, max_steps)

    trained_in = {"game": game.name, "temperature": tau}
    if is_dream and args.ensemble not in (None, "off"):
        trained_in["ensemble"] = args.ensemble
    if is_dream and args.disagreement_penalty:
        trained_in["disagreement_penalty"] = args.disagreement_penalty
    if is_dream:  # what the dream paid at most per episode (None: no cap), also when the game's default chose it
        trained_in["reward_budget"] = getattr(env, "unwrapped", env).batch.budget
    state_path = out / "cma_state.safetensors"
    start_gen, x0, sigma, best = 0, np.zeros(n_params), args.sigma0, {"fitness": -np.inf, "generation": -1}
    if args.init is not None:
        start = load_controller(args.init)[0]
        if start.config.hidden_size != config.hidden_size:
            raise ConfigError(
                f"--init {args.init} has {start.config.hidden_size} hidden units, --hidden asks for {args.hidden}"
            )
        if start.config != config:
            raise ConfigError(f"--init {args.init} is a controller for {start.config}, this env needs {config}")
        x0 = start.get_flat().double().numpy()
        if isinstance(start, MemoryController):
            print(f"--init {args.init} carries its own M: CMA-ES starts from its linear part, reading this dream's h")
    if state_path.exists():
        tensors, meta = read_safetensors(state_path, "cma_state")
        x0, sigma = tensors["mean"].double().numpy(), float(meta["sigma"])
        if len(x0) != n_params:
            raise ConfigError(
                f"{state_path} holds a search over {len(x0)} parameters, but this C (--hidden {args.hidden}) has "
                f"{n_params}: resume with the run's own --hidden, or start a new --out"
            )
        was_diagonal = bool(meta.get("args", {}).get("diagonal", False))
        if was_diagonal != args.diagonal:
            raise ConfigError(
                f"{state_path} holds a search {'with' if was_diagonal else 'without'} --diagonal: resume with the "
                "run's own covariance, or start a new --out"
            )
        start_gen, best = int(meta["generation"]), meta["best"]
        print(f"resuming CMA-ES at generation {start_gen} (mean and step size restored)")
    es = cma.CMAEvolutionStrategy(
        x0,
        sigma,
        {
            "popsize": args.population,
            "seed": args.seed + 1 + start_gen,
            "verbose": -9,
            "CMA_diagonal": bool(args.diagonal),
        },
    )
    log = CSVLog(
        out / "log.csv",
        [
            "generation",
            "fitness_best",
            "fitness_mean",
            "return_best",
            "return_mean",
            "sigma",
            "mean_eval",
            "mean_eval_std",
            "seconds",
            "minutes",
        ],
    )
    log.resume_at("generation", start_gen)  # a kill between the log row and the checkpoint left a row to redo
    minutes = float(best.get("minutes", 0.0))
    bar = tqdm(
        total=args.generations, initial=start_gen, desc=f"cma-es {args.env}" + (f" tau={tau}" if is_dream else "")
    )
    for gen in range(start_gen, args.generations):
        t0 = time.time()
        thetas = np.asarray(es.ask())
        seeds = [args.seed * 10_000_019 + gen * args.rollouts + r for r in range(args.rollouts)]
        returns = returns_of(thetas, seeds)
        fitness = returns - args.l2 * (thetas**2).mean(1)
        es.tell(list(thetas), list(-fitness))
        i = int(np.argmax(fitness))
        if fitness[i] > best["fitness"]:
            best = {"fitness": float(fitness[i]), "return": float(returns[i]), "generation": gen}
            save_controller(
                LinearController.from_flat(config, thetas[i]),
                out / "controller_best.safetensors",
                {**trained_in, "generation": gen, "dream_return": float(returns[i])},
            )
        save_controller(
            LinearController.from_flat(config, es.mean),
            out / "controller_mean.safetensors",
            {**trained_in, "generation": gen},
        )
        if args.keep_every and (gen + 1) % args.keep_every == 0:
            shutil.copyfile(out / "controller_mean.safetensors", out / f"controller_mean_gen{gen + 1}.safetensors")
        row = dict(
            generation=gen + 1,
            fitness_best=float(fitness[i]),
            fitness_mean=float(fitness.mean()),
            return_best=float(returns[i]),
            return_mean=float(returns.mean()),
            sigma=float(es.sigma),
        )
        if args.eval_every and (gen + 1) % args.eval_every == 0:
            ev = evaluate_mean(np.asarray(es.mean), gen)
            row.update(mean_eval=float(ev.mean()), mean_eval_std=float(ev.std()))
        minutes += (time.time() - t0) / 60
        row.update(seconds=round(time.time() - t0, 1), minutes=round(minutes, 2))
        log.write(**row)
        best["minutes"] = minutes
        atomic_save(
            {"mean": torch.from_numpy(np.asarray(es.mean, np.float64))},
            state_path,
            {
                "dreamgym_kind": "cma_state",
                "sigma": json.dumps(float(es.sigma)),
                "generation": json.dumps(gen + 1),
                "best": json.dumps(best),
                "args": json.dumps(asdict(args), default=str),
            },
        )
        plot_curves(
            log,
            "generation",
            ["return_best", "return_mean", "mean_eval"],
            out / "curve.png",
            f"CMA-ES in {args.env}" + (f" (tau {tau})" if is_dream else ""),
        )
        bar.update(1)
        bar.set_postfix(best=f"{returns[i]:.0f}", mean=f"{returns.mean():.0f}", s=f"{time.time() - t0:.0f}")
    bar.close()
    if env is not None:
        env.close()
    else:
        pool.close()
    return out / "controller_best.safetensors"


def evaluate_theta(
    env: VectorEnv, config: ControllerConfig, theta: torch.Tensor, episodes: int, seed: int, max_steps: int
) -> np.ndarray:
    """Dream returns of one parameter vector over ``episodes`` episodes, batched ``env.num_envs`` at a time."""
    results = []
    n = env.num_envs
    thetas = theta.unsqueeze(0)

    def policy(obs: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
        return row_actions(config, thetas, torch.zeros_like(rows), obs)

    for start in range(0, episodes, n):
        seeds = [seed + start + i for i in range(n)]
        results.append(run_dream_episodes(env, policy, seeds, max_steps)[: episodes - start])
    return np.concatenate(results)
