"""`dreamgym evaluate`: score a controller (or the random policy) over N seeded episodes, dream or real."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
import torch
from tqdm import tqdm

from dreamgym.cli_args import arg, check_bounds
from dreamgym.envs.registration import game_for_id
from dreamgym.envs.spec import GameSpec
from dreamgym.errors import ConfigError
from dreamgym.files import write_json_atomic
from dreamgym.models import Controller, ControllerConfig, LinearController, reset_controller
from dreamgym.training.parallel import WorkerPool, check_backend, parallel_map
from dreamgym.training.policies import PROBES, ConstantAction, batch_probe, check_probe, is_probe
from dreamgym.training.rollout import play_episode, run_episodes
from dreamgym.weights import CONTROLLER_FILE, load_controller, resolve_weights


@dataclass
class EvaluateArgs:
    """Arguments of `dreamgym evaluate`."""

    env: str = arg(
        help="env id: a dream id or its real twin (dreamgym.envs.DREAM_IDS lists the dreams)", positional=True
    )
    episodes: int = arg(100, "number of episodes (episode i is seeded seed + i)", low=1)
    seed: int = arg(0, "seed of the first episode", low=0)
    controller: str = arg(
        "weights",
        f"'weights' (controller.safetensors in --weights), a controller path, or a probe: {PROBES}",
    )
    weights: Path | None = arg(None, "weight directory (default: the shipped one)")
    temperature: float | None = arg(None, "dream temperature (dream ids only; default the env's)", above=0)
    termination: str | None = arg(None, "dream termination: threshold or sample (dream ids only) (default: the env's)")
    workers: int = arg(2, "processes for real-game episodes", low=1)
    backend: str = arg("local", "real-game episodes on local processes, or ray")
    address: str | None = arg(None, "Ray cluster address (with --backend ray; default: a local Ray)")
    out: Path | None = arg(None, "JSON file for the result (default: print only)")
    env_kwargs: str | None = arg(
        None, 'extra gym.make keyword arguments as a JSON object, e.g. \'{"ensemble": "pessimistic"}\''
    )
    device: str = arg("cpu", "cpu or cuda")


def policy_controller(policy: str, game: GameSpec, weights: Path | None) -> Controller | ConstantAction | None:
    """The controller a ``--controller`` value names: None for the scripted probes ``random`` and ``sweep:P``;
    ``constant:K`` always plays action K (a diagnostic of how the dream responds to actions; discrete games);
    ``weights`` or a file path loads one."""
    if is_probe(policy):
        try:
            check_probe(policy, game)
        except ValueError as e:
            raise ConfigError(f"--controller {e}") from None
    if policy == "random" or policy.startswith("sweep:"):
        return None
    if policy.startswith("constant:"):
        return ConstantAction(int(policy[9:]))
    path = resolve_weights(game, weights) / CONTROLLER_FILE if policy == "weights" else Path(policy)
    return load_controller(path)[0]


PolicySpec = str | tuple[ControllerConfig, np.ndarray]
"""A policy a worker process can rebuild: a ``--controller`` string, or a controller config and flat parameters."""


def _policy(spec: PolicySpec, game: GameSpec, weights: Path | None) -> torch.nn.Module | None:
    if isinstance(spec, str):
        return policy_controller(spec, game, weights)
    return LinearController.from_flat(*spec)


def real_episodes(task: tuple[str, dict[str, Any], PolicySpec, list[int], int | None]) -> list[float]:
    """Returns of one policy over real episodes seeded ``seeds`` (one env reused), each capped at ``max_steps``."""
    env_id, kwargs, spec, seeds, max_steps = task
    torch.set_num_threads(1)  # one thread per worker process: oversubscribed cores slow torch down many times
    game = game_for_id(env_id, kwargs.get("weights"))
    c = _policy(spec, game, kwargs.get("weights"))
    env = gym.make(env_id, **kwargs)
    returns = []
    for seed in seeds:
        probe = batch_probe(spec, game, 1, seed) if c is None else None
        reset_controller(c)
        with torch.inference_mode():
            act = (
                (lambda obs, p=probe: p(obs)[0])
                if c is None
                else (lambda obs: c(torch.from_numpy(obs)[None])[0].numpy())
            )
            returns.append(play_episode(env, act, seed, max_steps))
    env.close()
    return returns


def real_returns(
    env_id: str,
    kwargs: dict[str, Any],
    policies: list[PolicySpec],
    seeds: list[list[int]],
    workers: int = 2,
    backend: str = "local",
    address: str | None = None,
    max_steps: int | None = None,
    desc: str | None = None,
    pool: WorkerPool | None = None,
) -> list[list[float]]:
    """Real-game returns of ``policies[i]`` on the episodes ``seeds[i]``, fanned out over processes or Ray.

    The result depends only on the policies and seeds, not on the backend or the number of workers. ``pool``
    reuses running workers (then ``workers``, ``backend`` and ``address`` are ignored).
    """
    tasks = [(env_id, kwargs, p, list(s), max_steps) for p, s in zip(policies, seeds, strict=True)]
    results = pool.map(real_episodes, tasks) if pool else parallel_map(real_episodes, tasks, workers, backend, address)
    return list(tqdm(results, total=len(tasks), desc=desc, disable=desc is None, leave=False))


def parse_env_kwargs(text: str | None) -> dict[str, Any]:
    """``--env-kwargs`` as a dict, with a clear error for anything but a JSON object."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise ConfigError(f"--env-kwargs must be a JSON object, e.g. '{{\"key\": 1}}' ({e})") from None
    if not isinstance(value, dict):
        raise ConfigError(f"--env-kwargs must be a JSON object, got {text!r}")
    return value


def evaluate(args: EvaluateArgs) -> dict[str, Any]:
    """Run the episodes, print mean +/- std, and write the JSON result if ``out`` is set."""
    check_bounds(args)
    game = game_for_id(args.env, args.weights)
    check_backend(args.backend)
    controller = policy_controller(args.controller, game, args.weights)
    t0 = time.time()
    is_dream = args.env.removeprefix("dreamgym:") == game.dream_id
    extra = parse_env_kwargs(args.env_kwargs)
    for name in ("weights", "device", "termination", "temperature"):
        if name in extra:
            raise ConfigError(f"--env-kwargs sets {name!r}: pass it as --{name}, the option that sets it")
    kwargs: dict[str, Any] = {"weights": args.weights, "device": args.device, **extra}
    if is_dream:
        kwargs["termination"] = args.termination
        if args.temperature is not None:
            kwargs["temperature"] = args.temperature
        returns = evaluate_dream(args.env, kwargs, controller, args.episodes, args.seed, args.controller)
    else:
        per_episode = real_returns(
            args.env,
            kwargs,
            [args.controller] * args.episodes,
            [[args.seed + i] for i in range(args.episodes)],
            args.workers,
            args.backend,
            args.address,
            desc=args.env,
        )
        returns = np.array([r[0] for r in per_episode])
    result = {
        "env": args.env,
        "policy": args.controller,
        "episodes": args.episodes,
        "seeds": f"{args.seed}..{args.seed + args.episodes - 1}",
        "temperature": kwargs.get("temperature", game.default_temperature) if is_dream else None,
        "termination": (args.termination or game.termination) if is_dream else None,
        "env_kwargs": parse_env_kwargs(args.env_kwargs),
        "mean": float(returns.mean()),
        "std": float(returns.std()),
        "min": float(returns.min()),
        "max": float(returns.max()),
        "seconds": round(time.time() - t0, 1),
        "returns": [round(float(r), 2) for r in returns],
    }
    print(
        f"{args.env} {result['policy']}: {result['mean']:.1f} +/- {result['std']:.1f} over {args.episodes} "
        f"episodes (seeds {result['seeds']})"
    )
    if args.out is not None:
        write_json_atomic(args.out, result)
    return result


def evaluate_dream(
    env_id: str,
    kwargs: dict[str, Any],
    controller: torch.nn.Module | None,
    episodes: int,
    seed: int,
    probe: str = "random",
    batch: int = 1024,
) -> np.ndarray:
    """Returns of ``episodes`` dream episodes (episode i seeded seed + i), batched up to ``batch`` at a time;
    ``controller`` None plays the scripted ``probe`` instead."""
    game = game_for_id(env_id, kwargs.get("weights"))
    results = []
    for start in range(0, episodes, batch):
        n = min(batch, episodes - start)
        env = gym.make_vec(env_id, num_envs=n, **kwargs)
        if controller is None:
            policy = batch_probe(probe, game, n, seed + start)
        else:
            reset_controller(controller)

            def policy(obs: np.ndarray) -> np.ndarray:
                with torch.inference_mode():
                    return controller(torch.from_numpy(obs)).numpy()

        results.append(run_episodes(env, policy, [seed + start + i for i in range(n)], game.max_episode_steps))
        env.close()
    return np.concatenate(results)
