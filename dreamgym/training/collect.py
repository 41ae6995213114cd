"""`dreamgym collect`: random-play episodes from the real game, one atomic file per episode, resumable."""

from __future__ import annotations

import importlib
import inspect
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tqdm import tqdm

from dreamgym.cli_args import ENV_HELP, arg, check_bounds
from dreamgym.envs.registration import game_by_name, stage_game
from dreamgym.envs.sources import make_source_env, measure_frame, source_frame
from dreamgym.envs.spec import GameSpec
from dreamgym.errors import ConfigError
from dreamgym.frames import FRAME_SIZE, preprocess_frames
from dreamgym.games import GAMES
from dreamgym.models.vae import FRAME_SIZES
from dreamgym.training.episodes import MANIFEST, episode_path, list_episodes, write_episode, write_manifest
from dreamgym.training.evaluate import policy_controller
from dreamgym.training.parallel import check_backend, parallel_map
from dreamgym.training.policies import NoisyControllerPolicy
from dreamgym.training.zoo import batch_policy, check_vision, default_zoo_dir, load_zoo
from dreamgym.weights import VAE_FILE, load_vae, load_world_model
from dreamgym.wrappers import WorldModelObservation


@dataclass
class CollectArgs:
    """Arguments of `dreamgym collect`."""

    game: str | None = arg(help=f"game to collect from: {', '.join(GAMES)}", positional=True, optional=True)
    out: Path = arg(help="dataset directory (created; re-running resumes)")
    episodes: int = arg(
        1000,
        "episodes wanted from --first-index on (files first-index .. first-index + episodes - 1; those present are kept)",
        low=1,
    )
    workers: int = arg(2, "worker processes, one real game each", low=1)
    seed: int = arg(0, "base seed: episode i is played with seed * 1_000_003 + i", low=0)
    max_hold: int = arg(
        10, "held-random exploration: hold each random action 1..max_hold steps (the original: 10)", low=1
    )
    throttle: str | None = arg(
        None, "exploration option of games that take one, e.g. a driver's throttle (a wrong value's error lists them)"
    )
    controller: str | None = arg(
        None, "play a controller (+ noise) instead of the random policy: a controller.safetensors or constant:K"
    )
    policy: str | None = arg(
        None,
        "play any policy (+ noise) on the world model's observations: zoo:NAME (a policy of the zoo that judges "
        "--weights) or module:function (any importable obs -> action callable, e.g. one that wraps your SB3 model; "
        "one with a reset(seed=...) method is told when each episode starts)",
    )
    weights: Path | None = arg(None, "with --controller or --policy: the V + M directory its observations come from")
    zoo: Path | None = arg(None, "with --policy zoo:NAME: the zoo directory (default: the one that judges --weights)")
    noise: float = arg(0.1, "with --controller: action noise std (continuous) or random-action probability", low=0)
    param_noise: float = arg(
        0.0, "with --controller: std of Gaussian noise added to its parameters, drawn anew each episode", low=0
    )
    noise_hold: int = arg(
        1,
        "with --controller or --policy: keep each draw of the action noise for 1..N steps (temporally correlated "
        "exploration that moves speed and position; 1: a fresh draw every step)",
        low=1,
    )
    first_index: int = arg(
        0, "index of the first episode file (later iterations add episodes after earlier ones)", low=0
    )
    backend: str = arg("local", "local processes, or ray")
    address: str | None = arg(None, "Ray cluster address (with --backend ray)")
    crop: str | None = arg(
        None, "TOP,BOTTOM,LEFT,RIGHT: the rows and columns of the source frame to keep (default: the game's)"
    )
    frame_size: int | None = arg(
        None,
        f"side of the square frames stored, one of {FRAME_SIZES} (default: the directory's, else the game's)",
        low=8,
    )
    env: str | None = arg(None, ENV_HELP)


def collect_episode(
    game_name: str,
    out: str,
    index: int,
    seed: int,
    max_hold: int = 10,
    options: dict[str, str] | None = None,
    crop: tuple[int, int, int, int] | None = None,
    frame_size: int = FRAME_SIZE,
    controller: str | None = None,
    weights: str | None = None,
    noise: float = 0.1,
    param_noise: float = 0.0,
    policy_name: str | None = None,
    zoo: str | None = None,
    noise_hold: int = 1,
) -> int:
    """Play one episode with the game's exploration policy (or a controller plus noise) and write it; returns
    its length."""
    torch.set_num_threads(1)  # workers share the cores; torch's own threads would only fight over them
    game = game_by_name(game_name)
    env = make_source_env(game)
    rng = np.random.default_rng(seed)
    if policy_name is not None:
        env = WorldModelObservation(env, load_world_model(weights), game)
        inner = named_policy(policy_name, game, Path(weights), seed, zoo)
        if callable(getattr(inner, "reset", None)):
            inner.reset(seed=seed)  # a stateful policy (one behaviour per episode, a step counter) starts afresh
        policy = NoisyControllerPolicy(game, inner, rng, noise, noise_hold)
    elif controller is None:
        policy = game.hook("exploration_policy")(rng, env, max_hold=max_hold, **(options or {}))
    else:
        env = WorldModelObservation(env, load_world_model(weights), game)
        c = policy_controller(str(controller), game, Path(weights))
        if param_noise > 0:
            theta = c.get_flat()
            c.set_flat(theta + param_noise * torch.from_numpy(rng.standard_normal(theta.shape, dtype=np.float32)))
        policy = NoisyControllerPolicy(game, c, rng, noise, noise_hold)
    obs, _ = env.reset(seed=seed)
    frames, actions, rewards, terminated, variables, measured = [], [], [], [], [], []
    done = False
    while not done:
        if isinstance(env, WorldModelObservation):
            frames.append(env.frame)
            measured.append(env.measurement)
        else:
            raw = source_frame(game, obs)
            frames.append(preprocess_frames(raw, crop or game.crop, frame_size))
            measured.append(measure_frame(game, raw))
        if isinstance(obs, dict) and "gamevariables" in obs:
            variables.append(obs["gamevariables"])
        action = policy(obs)
        obs, reward, term, trunc, _ = env.step(action)
        actions.append(action)
        rewards.append(reward)
        terminated.append(term)
        done = term or trunc
    env.close()
    write_episode(
        episode_path(Path(out), index),
        frames=np.stack(frames),
        actions=np.asarray(actions, dtype=np.int64 if game.discrete_actions else np.float32),
        rewards=np.asarray(rewards, dtype=np.float32),
        terminated=np.asarray(terminated, dtype=bool),
        **({"game_variables": np.asarray(variables, dtype=np.float32)} if variables else {}),
        **({"measurements": np.stack(measured)} if game.measurements else {}),
    )
    return len(actions)


def check_frame_size(args: CollectArgs, game: GameSpec, old: dict, out: Path) -> int:
    """The frame size to store: ``--frame-size``, else the directory's, else the game's; it must agree with both
    the directory's frames and, when a policy plays, with the V that encodes its frames."""
    stored = old.get("frame_size", FRAME_SIZE) if old else None  # directories older than the option hold 64
    size = args.frame_size or stored or game.frame_size
    if size not in FRAME_SIZES:
        raise ConfigError(f"--frame-size must be one of {FRAME_SIZES}, got {size}")
    if stored is not None and stored != size:
        raise ConfigError(f"--frame-size {size}: {out} holds {stored}x{stored} frames; use another --out")
    if args.weights is not None:
        v_size = load_vae(Path(args.weights) / VAE_FILE)[0].config.frame_size
        if v_size != size:
            raise ConfigError(
                f"{args.weights}'s V sees {v_size}x{v_size} frames, so its policy's episodes hold those; "
                f"{out} holds (or --frame-size asks for) {size}x{size}: use another --out"
            )
    return size


def parse_crop(text: str) -> tuple[int, int, int, int]:
    """``"top,bottom,left,right"`` -> a crop box, with a clear error for anything else."""
    try:
        box = tuple(int(v) for v in text.split(","))
    except ValueError:
        box = ()
    if len(box) != 4 or box[0] < 0 or box[2] < 0 or box[1] <= box[0] or box[3] <= box[2]:
        raise ConfigError(f"--crop must be TOP,BOTTOM,LEFT,RIGHT with TOP < BOTTOM and LEFT < RIGHT, got {text!r}")
    return box  # type: ignore[return-value]


def named_policy(
    name: str, game: GameSpec, weights: Path, seed: int, zoo_dir: str | Path | None = None
) -> Callable[[np.ndarray], Any]:
    """The ``obs -> action`` callable a ``--policy`` names: ``zoo:NAME`` (of ``zoo_dir``, default the zoo that
    judges ``weights``) or ``module:function``."""
    kind, _, rest = name.partition(":")
    if not rest:
        raise ConfigError(f"--policy {name!r}: expected zoo:NAME or module:function")
    if kind == "zoo":
        zoo = load_zoo(Path(zoo_dir) if zoo_dir is not None else default_zoo_dir(game, weights), game)
        policy = zoo.select([rest])
        check_vision(zoo, policy, Path(weights) / VAE_FILE)
        act = batch_policy(policy[0], zoo.directory, game, 1, seed)
        return lambda obs: act(np.asarray(obs)[None])[0]
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))  # a user's own module beside the command, as `python -m` finds it
    try:
        fn = getattr(importlib.import_module(kind), rest)
    except (ImportError, AttributeError) as e:
        raise ConfigError(f"--policy {name!r}: cannot import {rest} from module {kind} ({e})") from e
    if not callable(fn):
        raise ConfigError(f"--policy {name!r}: {kind}.{rest} is not callable (expected obs -> action)")
    reset = getattr(fn, "reset", None)
    if callable(reset):
        try:
            inspect.signature(reset).bind(seed=0)
        except TypeError:
            raise ConfigError(
                f"--policy {name!r}: {kind}.{rest}.reset{inspect.signature(reset)} must accept seed=... "
                "(it is called with each episode's seed before the episode starts)"
            ) from None
        except ValueError:
            pass  # a builtin without a readable signature: called as is
    return fn


def _run(task: tuple) -> int:
    return collect_episode(*task)


def exploration_options(game: GameSpec, given: dict[str, str | None]) -> dict[str, str]:
    """The exploration options the game takes, each checked against its allowed values (default: the first);
    an option given to a game that does not take it is an error."""
    allowed = dict(game.exploration_options)
    for name, value in given.items():
        if value is not None and name not in allowed:
            raise ConfigError(f"--{name} is not an option of {game.name}'s exploration policy ({game.exploration})")
    options = {}
    for name, choices in allowed.items():
        value = given.get(name) or choices[0]
        if value not in choices:
            raise ConfigError(f"--{name} must be one of {choices}, got {value!r}")
        options[name] = value
    return options


def collect(args: CollectArgs) -> Path:
    """Collect until ``args.out`` holds ``args.episodes`` episodes; finished episodes are never redone."""
    check_bounds(args)
    game = stage_game(args.game, args.env)
    check_backend(args.backend)
    options = exploration_options(game, {"throttle": args.throttle})
    if args.noise_hold > 1 and args.controller is None and args.policy is None:
        raise ConfigError(
            "--noise-hold holds the noise added to --controller or --policy; random play holds its "
            "actions with --max-hold"
        )
    if args.controller is not None and args.policy is not None:
        raise ConfigError("--controller and --policy are alternatives: give one")
    if args.zoo is not None and not str(args.policy or "").startswith("zoo:"):
        raise ConfigError("--zoo names where --policy zoo:NAME is found: give it with --policy zoo:NAME")
    if (args.controller is None and args.policy is None) != (args.weights is None):
        raise ConfigError(
            "--controller/--policy and --weights go together: the policy acts on that world model's latents"
        )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    done = {int(p.stem.split("_")[1]) for p in list_episodes(out)}
    wanted = range(args.first_index, args.first_index + args.episodes)
    todo = [i for i in wanted if i not in done]
    if args.controller is not None:
        if str(args.controller) == "random":
            raise ConfigError("--controller random: leave out --controller to collect with the random policy")
        # a bad --controller fails here, not in a worker
        if str(args.controller).startswith("constant:") and args.param_noise:
            raise ConfigError("--param-noise perturbs a controller file's parameters; constant:K has none")
        if policy_controller(str(args.controller), game, args.weights) is None:
            raise ConfigError(f"--controller {args.controller}: collect plays a controller file or constant:K")
    if args.policy is not None:
        named_policy(args.policy, game, Path(args.weights), 0, args.zoo)  # a bad --policy fails here, not in a worker
    policy = []  # collect_episode's arguments after frame_size: none for random play
    if args.controller is not None or args.policy is not None:
        controller = None if args.controller is None else str(args.controller)
        param_noise = 0.0 if args.controller is None else args.param_noise
        zoo = None if args.zoo is None else str(args.zoo)
        policy = [controller, str(args.weights), args.noise, param_noise, args.policy, zoo, args.noise_hold]
    old = json.loads((out / MANIFEST).read_text()) if (out / MANIFEST).exists() else {}
    crop = parse_crop(args.crop) if args.crop else tuple(old.get("crop", game.crop))
    if args.crop and (args.controller or args.policy):
        raise ConfigError("--crop applies to random-play data; a policy's frames are cropped as its V's were")
    if "crop" in old and list(crop) != old["crop"]:
        raise ConfigError(f"--crop {args.crop}: {out} holds frames cropped to {old['crop']}; use another --out")
    frame_size = check_frame_size(args, game, old, out)
    tasks = [
        (game.name, str(out), i, args.seed * 1_000_003 + i, args.max_hold, options, crop, frame_size, *policy)
        for i in todo
    ]
    bar = tqdm(total=args.episodes, initial=args.episodes - len(todo), desc=f"collect {game.name}", unit="ep")
    t0 = time.time()
    for steps in parallel_map(_run, tasks, args.workers, args.backend, args.address):
        bar.update(1)
        bar.set_postfix(last_len=steps)
    bar.close()
    minutes = (time.time() - t0) / 60
    run = {
        "policy": f"policy {args.policy}" + (f" of {args.zoo}" if args.zoo else "")
        if args.policy
        else (game.exploration if args.controller is None else f"controller {args.controller}"),
        "first_index": args.first_index,
        "episodes": args.episodes,
        "seed": args.seed,
        **({"max_hold": args.max_hold} if args.controller is None and args.policy is None else {"noise": args.noise}),
        **({"param_noise": args.param_noise} if args.param_noise else {}),
        **({"noise_hold": args.noise_hold} if args.noise_hold > 1 else {}),
        **(options if args.controller is None and args.policy is None else {}),
    }
    runs = [r for r in old.get("runs", []) if r.get("first_index", 0) != args.first_index] + [run]
    write_manifest(
        out,
        {
            "game": game.name,
            "crop": list(crop),
            "frame_size": frame_size,
            # the first run's policy, seed and hold describe the dataset; each run's own are in "runs"
            "policy": old.get("policy", run["policy"]) if args.first_index else run["policy"],
            "seed": old.get("seed", args.seed) if args.first_index else args.seed,
            "max_hold": old.get("max_hold", args.max_hold) if args.first_index else args.max_hold,
            "runs": runs,
            "minutes": round(old.get("minutes", 0.0) + minutes, 2),
        },
    )
    return out
