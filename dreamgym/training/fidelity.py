"""`dreamgym fidelity GAME`: does the dream rank policies the way the real game does?

Every policy of a fixed zoo (:mod:`dreamgym.training.zoo`) is scored over the same seeded episodes in the dream
and in the real twin. Reported per policy: dream and real mean +/- std; overall: the Spearman rank correlation of
the dream's means with the real ones, the mean absolute relative error, and the regret of choosing by the dream
(real score of the real-best policy minus real score of the dream-best one). Writes ``fidelity.json``,
``fidelity.md`` and ``fidelity.png`` into ``--out``. Real returns are cached per episode in
``real_returns.json`` there, so an interrupted run resumes, and re-judging a new M re-plays only the policies
that look at the screen (blind probes' real returns do not depend on V or M).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
import torch
from tqdm import tqdm

from dreamgym.cli_args import ENV_HELP, GAME_HELP, arg, check_bounds
from dreamgym.envs.registration import game_for_id, stage_game
from dreamgym.envs.sources import source_available
from dreamgym.envs.spec import GameSpec, parse_reward_budget, resolve_reward_budget
from dreamgym.errors import ConfigError
from dreamgym.files import write_json_atomic
from dreamgym.training.parallel import WorkerPool, check_backend
from dreamgym.training.rank_stats import bootstrap, compare, ranks, summarize
from dreamgym.training.rollout import play_episode, run_episodes
from dreamgym.training.zoo import (
    Zoo,
    ZooPolicy,
    batch_policy,
    check_vision,
    default_zoo_dir,
    file_fingerprint,
    load_zoo,
    policy_fingerprint,
)
from dreamgym.weights import MDNRNN_FILE, VAE_FILE, resolve_weights

REAL_CACHE = "real_returns.json"
QUICK_EPISODES = 20


@dataclass
class FidelityArgs:
    """Arguments of `dreamgym fidelity`."""

    game: str | None = arg(help=GAME_HELP, positional=True, optional=True)
    weights: Path | None = arg(None, "weight directory to judge (default: the shipped one)")
    zoo: Path | None = arg(None, "policy zoo directory (default: WEIGHTS/zoo if present, else the shipped zoo)")
    episodes: int = arg(100, "episodes per policy, dream and real (episode i seeded seed + i)", low=2)
    seed: int = arg(1000, "seed of the first episode", low=0)
    quick: bool = arg(False, f"quick mode for iteration: at most {QUICK_EPISODES} episodes per policy")
    policies: str | None = arg(None, "comma-separated zoo policy names to score (default: all)")
    temperature: float | None = arg(None, "dream temperature (default: the env's)", above=0)
    termination: str | None = arg(None, "dream termination: threshold or sample (default: the env's)")
    ensemble: str | None = arg(None, "dream ensemble mode: off, episode or pessimistic (default: the env's, off)")
    reward_budget: str | None = arg(None, "dream reward budget: a number, 'none', or (default) the game's")
    disagreement_penalty: float | None = arg(
        None,
        "pessimistic dream only: each step pays this times the members' disagreement on the next z less (default 0)",
        low=0,
    )
    out: Path | None = arg(
        None, "directory for fidelity.json/.md/.png and the real-return cache (default: runs/fidelity/GAME)"
    )
    workers: int = arg(2, "processes for real-game episodes", low=1)
    backend: str = arg("local", "real-game episodes on local processes, or ray")
    address: str | None = arg(None, "Ray cluster address (with --backend ray)")
    chunk: int = arg(10, "real episodes per worker task (the resume granularity)", low=1)
    zoo_cache: bool = arg(
        True, f"reuse the real returns shipped beside the zoo ({REAL_CACHE}); --no-zoo-cache re-plays every one"
    )
    card: Path | None = arg(
        None, "a weight directory whose model card (card.json, README.md) gets the result and the figure"
    )
    compare: Path | None = arg(
        None,
        "another run's fidelity.json (the same zoo policies and seeds, e.g. the shipped weights'): report the "
        "differences from it with paired bootstrap intervals",
    )
    env: str | None = arg(None, ENV_HELP)


def zoo_real_episodes(task: tuple[str, dict[str, Any], ZooPolicy, str, list[int]]) -> list[float]:
    """Real returns of one zoo policy over episodes seeded ``seeds`` (one env reused; a worker task)."""
    env_id, kwargs, policy, zoo_dir, seeds = task
    torch.set_num_threads(1)  # one thread per worker process
    game = game_for_id(env_id, kwargs.get("weights"))
    env = gym.make(env_id, **kwargs)
    returns = []
    for seed in seeds:
        act = batch_policy(policy, Path(zoo_dir), game, 1, seed, env.observation_space)
        returns.append(play_episode(env, lambda obs, act=act: act(obs[None])[0], seed))
    env.close()
    return returns


class RealCache:
    """Real returns per (policy fingerprint, world-model fingerprint, seed), saved atomically after each task.

    ``shipped`` (read-only) is a cache shipped beside a zoo: the real returns measured when the zoo was made, so
    blind probes (and the shipped world model's policies) need not be replayed to judge a new M.
    """

    def __init__(self, path: Path, shipped: Path | None = None) -> None:
        self.path = path
        self.data: dict[str, float] = {}
        if shipped is not None and shipped.is_file():
            self.data.update(json.loads(shipped.read_text()))
        if path.is_file():
            self.data.update(json.loads(path.read_text()))

    def key(self, policy_key: str, seed: int) -> str:
        return f"{policy_key}/{seed}"

    def get(self, policy_key: str, seeds: list[int]) -> list[float] | None:
        values = [self.data.get(self.key(policy_key, s)) for s in seeds]
        return None if any(v is None for v in values) else values  # type: ignore[return-value]

    def put(self, policy_key: str, seeds: list[int], returns: list[float]) -> None:
        for s, r in zip(seeds, returns, strict=True):
            self.data[self.key(policy_key, s)] = r
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".real_returns.", suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            json.dump(self.data, f, indent=0, sort_keys=True)
        os.chmod(tmp, 0o644)
        os.replace(tmp, self.path)


def dream_returns(game: GameSpec, zoo: Zoo, policy: ZooPolicy, kwargs: dict[str, Any], seeds: list[int]) -> np.ndarray:
    """Dream returns of one zoo policy over ``seeds``, all episodes in one batch."""
    env = gym.make_vec(game.dream_id, num_envs=len(seeds), **kwargs)
    act = batch_policy(policy, zoo.directory, game, len(seeds), seeds[0], env.single_observation_space)
    returns = run_episodes(env, act, seeds, game.max_episode_steps)
    env.close()
    return returns


def _sees(policy: ZooPolicy) -> str:
    """What of the judged weights a policy's real returns depend on: nothing, V, or V and M."""
    return "blind" if policy.blind else "vm" if policy.reads_judged_m else "v"


def real_returns(
    game: GameSpec,
    zoo: Zoo,
    policies: tuple[ZooPolicy, ...],
    weights: Path,
    seeds: list[int],
    args: FidelityArgs,
    cache: RealCache,
) -> list[np.ndarray]:
    """Real returns of every policy over ``seeds``, from the cache where it has them, else played and cached."""
    seen = {
        "blind": "blind",
        "v": file_fingerprint(weights / VAE_FILE),
        "vm": file_fingerprint(weights / VAE_FILE, weights / MDNRNN_FILE),
    }
    keys = [f"{policy_fingerprint(p, zoo.directory)}-{seen[_sees(p)]}" for p in policies]
    todo = []
    for p, k in zip(policies, keys, strict=True):
        for start in range(0, len(seeds), args.chunk):
            chunk = seeds[start : start + args.chunk]
            if cache.get(k, chunk) is None:
                todo.append((k, (game.real_id, {"weights": str(weights)}, p, str(zoo.directory), chunk)))
    if todo:
        with WorkerPool(min(args.workers, len(todo)), args.backend, args.address) as pool:
            results = pool.map(zoo_real_episodes, [t for _, t in todo])
            for (k, task), returns in tqdm(zip(todo, results, strict=True), total=len(todo), desc=game.real_id):
                cache.put(k, task[4], returns)
    return [np.array(cache.get(k, seeds)) for k in keys]


def fidelity(args: FidelityArgs) -> dict[str, Any]:
    """Score the zoo in the dream and the real game; print the table and write JSON, markdown and PNG."""
    check_bounds(args)
    game = stage_game(args.game, args.env)
    check_backend(args.backend)
    episodes = min(args.episodes, QUICK_EPISODES) if args.quick else args.episodes
    if not source_available(game):
        raise ConfigError(f"the fidelity benchmark plays {game.real_id}, whose game is not installed here")
    weights = resolve_weights(game, args.weights)
    zoo = load_zoo(args.zoo or default_zoo_dir(game, args.weights), game)
    policies = zoo.select([n.strip() for n in args.policies.split(",")] if args.policies else None)
    if len(policies) < 2:
        raise ConfigError("a rank correlation needs at least two policies")
    check_vision(zoo, policies, weights / VAE_FILE)
    out = args.out or Path("runs/fidelity") / game.name
    seeds = list(range(args.seed, args.seed + episodes))
    other = None if args.compare is None else read_comparable(args.compare, policies, seeds)
    kwargs: dict[str, Any] = {"weights": str(weights), "termination": args.termination}
    if args.temperature is not None:
        kwargs["temperature"] = args.temperature
    if args.ensemble is not None:
        kwargs["ensemble"] = args.ensemble
    if args.reward_budget is not None:
        kwargs["reward_budget"] = parse_reward_budget(args.reward_budget)
    if args.disagreement_penalty is not None:
        kwargs["disagreement_penalty"] = args.disagreement_penalty
    t0 = time.time()
    dream = [dream_returns(game, zoo, p, kwargs, seeds) for p in tqdm(policies, desc=game.dream_id)]
    t_dream = time.time() - t0
    cache = RealCache(out / REAL_CACHE, zoo.directory / REAL_CACHE if args.zoo_cache else None)
    real = real_returns(game, zoo, policies, weights, seeds, args, cache)
    result = build_result(game, zoo, policies, weights, seeds, kwargs, dream, real)
    if other is not None:
        result["comparison"] = compare(result, other)
        result["markdown"] = markdown_table(result)
    result["seconds"] = {"dream": round(t_dream, 1), "total": round(time.time() - t0, 1)}
    result["command"] = command_line(args, episodes)
    write_outputs(result, out)
    if args.card is not None:
        attach_to_card(result, out, Path(args.card))
    print(result["markdown"])
    print(f"wrote {out / 'fidelity.md'}, {out / 'fidelity.json'}, {out / 'fidelity.png'}")
    return result


def build_result(
    game: GameSpec,
    zoo: Zoo,
    policies: tuple[ZooPolicy, ...],
    weights: Path,
    seeds: list[int],
    kwargs: dict[str, Any],
    dream: list[np.ndarray],
    real: list[np.ndarray],
) -> dict[str, Any]:
    """The benchmark's JSON: per-policy statistics, the summary, and its markdown table."""
    d_mean = np.array([d.mean() for d in dream])
    r_mean = np.array([r.mean() for r in real])
    summary = summarize(d_mean, r_mean)
    rows = [
        {
            "name": p.name,
            "dream_mean": float(d.mean()),
            "dream_std": float(d.std()),
            "real_mean": float(r.mean()),
            "real_std": float(r.std()),
            "note": p.note,
            "dream_returns": [round(float(x), 3) for x in d],
            "real_returns": [round(float(x), 3) for x in r],
        }
        for p, d, r in zip(policies, dream, real, strict=True)
    ]
    tau = kwargs.get("temperature", game.default_temperature)
    termination = kwargs.get("termination") or game.termination
    result: dict[str, Any] = {
        "game": game.name,
        "dream_id": game.dream_id,
        "real_id": game.real_id,
        "weights": str(weights),
        "zoo": str(zoo.directory),
        "zoo_version": zoo.version,
        "episodes": len(seeds),
        "seeds": f"{seeds[0]}..{seeds[-1]}",
        "temperature": tau,
        "termination": termination,
        "ensemble": kwargs.get("ensemble", "off"),
        "reward_budget": resolve_reward_budget(game, kwargs.get("reward_budget", "game")),
        "disagreement_penalty": kwargs.get("disagreement_penalty", 0.0),
        "policies": rows,
        "spearman": summary["spearman"],
        "mean_abs_rel_error": summary["mean_abs_rel_error"],
        "regret": summary["regret"],
        "dream_best": policies[summary["dream_best"]].name,
        "real_best": policies[summary["real_best"]].name,
        "bootstrap": bootstrap(dream, real),
    }
    result["markdown"] = markdown_table(result)
    return result


def _ensemble_note(result: dict[str, Any]) -> str:
    mode, budget = result.get("ensemble", "off"), result.get("reward_budget")
    penalty = result.get("disagreement_penalty", 0.0)
    return (
        ("" if mode == "off" else f", ensemble {mode}")
        + ("" if not penalty else f", disagreement penalty {penalty:g}")
        + ("" if budget is None else f", reward budget {budget:g}")
    )


def markdown_table(result: dict[str, Any]) -> str:
    """The per-policy table and the summary line, as markdown."""
    rows = result["policies"]
    d_rank = ranks(-np.array([r["dream_mean"] for r in rows]))
    r_rank = ranks(-np.array([r["real_mean"] for r in rows]))
    lines = [
        f"Fidelity of {result['dream_id']} (tau {result['temperature']}, termination {result['termination']}"
        f"{_ensemble_note(result)}) "
        f"against {result['real_id']}: zoo v{result['zoo_version']}, {len(rows)} policies, {result['episodes']} "
        f"episodes each (seeds {result['seeds']}).",
        "",
        "| policy | dream | real | dream rank | real rank |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r, dr, rr in zip(rows, d_rank, r_rank, strict=True):
        lines.append(
            f"| {r['name']} | {r['dream_mean']:.1f} +/- {r['dream_std']:.1f} | {r['real_mean']:.1f} +/- "
            f"{r['real_std']:.1f} | {dr + 1:g} | {rr + 1:g} |"
        )
    lines += [
        "",
        f"Spearman rank correlation {result['spearman']:.3f}; mean absolute relative error "
        f"{result['mean_abs_rel_error']:.3f}; regret of choosing by the dream {result['regret']:.1f} "
        f"(dream-best {result['dream_best']!r}, real-best {result['real_best']!r}).",
    ]
    if "bootstrap" in result:
        b = result["bootstrap"]
        lines.append(
            f"Over resampled episodes ({b['replicates']} bootstrap draws, {b['level']:.0%} intervals): Spearman "
            f"{_span(b['spearman_interval'], '.3f')}, regret {_span(b['regret_interval'], '.1f')}."
        )
    if "comparison" in result:
        c = result["comparison"]
        lines.append(
            f"Against {c['other']} (paired, the same draws): Spearman {c['spearman_difference']:+.3f} "
            f"({_span(c['spearman_difference_interval'], '+.3f')}), regret {c['regret_difference']:+.1f} "
            f"({_span(c['regret_difference_interval'], '+.1f')})."
        )
    return "\n".join(lines)


def _span(bounds: list[float], fmt: str) -> str:
    return f"{bounds[0]:{fmt}} to {bounds[1]:{fmt}}"


def read_comparable(path: Path, policies: tuple[ZooPolicy, ...], seeds: list[int]) -> dict[str, Any]:
    """The fidelity.json of ``--compare``, checked before any episode is played: the same policies and seeds."""
    path = Path(path)
    if path.is_dir():
        path = path / "fidelity.json"
    try:
        other = json.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError(
            f"--compare {path}: no such file (pass a fidelity.json or the --out directory of a run)"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"--compare {path} is not a fidelity.json ({e})") from None
    if not isinstance(other, dict):
        raise ConfigError(f"--compare {path} is not a fidelity.json (a JSON {type(other).__name__}, not an object)")
    names = [p.get("name") for p in other.get("policies", [])]
    if names != [p.name for p in policies]:
        raise ConfigError(f"--compare {path} scored other zoo policies: {names}")
    if other.get("seeds") != f"{seeds[0]}..{seeds[-1]}":
        raise ConfigError(f"--compare {path} was scored on seeds {other.get('seeds')}, not {seeds[0]}..{seeds[-1]}")
    if any("dream_returns" not in p for p in other["policies"]):
        raise ConfigError(f"--compare {path} has no per-episode returns: re-run it with this version of dreamgym")
    return other


def write_outputs(result: dict[str, Any], out: Path) -> None:
    """``fidelity.json``, ``fidelity.md`` and the dream-vs-real scatter ``fidelity.png``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    write_json_atomic(out / "fidelity.json", result)
    (out / "fidelity.md").write_text(result["markdown"] + "\n")
    rows = result["policies"]
    d = np.array([r["dream_mean"] for r in rows])
    r = np.array([r["real_mean"] for r in rows])
    fig, ax = plt.subplots(figsize=(7, 6))
    ax.scatter(r, d, color="tab:blue", zorder=3)
    for row, x, y in zip(rows, r, d, strict=True):
        ax.annotate(row["name"], (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    lo, hi = float(min(d.min(), r.min())), float(max(d.max(), r.max()))
    ax.plot([lo, hi], [lo, hi], color="grey", linestyle="--", linewidth=1, label="dream = real")
    ax.set_xlabel(f"real mean return ({result['real_id']})")
    ax.set_ylabel(f"dream mean return ({result['dream_id']}, tau {result['temperature']})")
    ax.set_title(
        f"Spearman {result['spearman']:.2f}, regret {result['regret']:.0f}, {result['episodes']} episodes/policy"
    )
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(out / "fidelity.png", dpi=110)
    plt.close(fig)


START, END = "<!-- policy-ranking:start -->", "<!-- policy-ranking:end -->"


def command_line(args: FidelityArgs, episodes: int) -> str:
    """The `dreamgym fidelity` command that reproduces a result: the options that change it (not --out, which only
    says where files go, so a card's command names no path of the machine that measured it)."""
    parts = ["dreamgym fidelity", args.game, f"--episodes {episodes}", f"--seed {args.seed}"]
    for flag, value in (
        ("--weights", args.weights),
        ("--zoo", args.zoo),
        ("--policies", args.policies),
        ("--temperature", args.temperature),
        ("--termination", args.termination),
        ("--ensemble", args.ensemble),
        ("--reward-budget", args.reward_budget),
        ("--disagreement-penalty", args.disagreement_penalty),
        ("--compare", args.compare),
    ):
        if value is not None:
            parts.append(f"{flag} {value!s}" if " " not in str(value) else f"{flag} '{value!s}'")
    if not args.zoo_cache:
        parts.append("--no-zoo-cache")
    return " ".join(parts)


def ranking_section(result: dict[str, Any], figure: str) -> list[str]:
    """The model card's policy-ranking section: the table, the summary and the scatter plot."""
    return [
        START,
        "## Policy ranking (fidelity benchmark)",
        "",
        "Does the dream rank policies as the game does? Every policy of a fixed zoo, scored over the same seeded "
        "episodes in the dream and in the real twin (`dreamgym fidelity`):",
        "",
        result["markdown"],
        "",
        f"![dream vs real mean return per zoo policy]({figure})",
        "",
        f"Command: `{result['command']}`." if result.get("command") else "",
        END,
    ]


def attach_to_card(result: dict[str, Any], out: Path, card_dir: Path) -> None:
    """Put the result into ``card_dir``'s card.json (``policy_ranking``) and README.md (its own section, replaced
    when re-run), copying the figure beside them."""
    import shutil

    card_path, readme = card_dir / "card.json", card_dir / "README.md"
    if not card_path.is_file() or not readme.is_file():
        raise ConfigError(f"--card {card_dir}: expected card.json and README.md there (written by dreamgym report)")
    figure = card_dir / "fidelity.png"
    if (out / "fidelity.png").resolve() != figure.resolve():
        shutil.copyfile(out / "fidelity.png", figure)
    card = json.loads(card_path.read_text())
    card["policy_ranking"] = {
        k: result[k]
        for k in ("zoo_version", "episodes", "seeds", "temperature", "termination", "spearman", "regret", "command")
    } | {
        "mean_abs_rel_error": result["mean_abs_rel_error"],
        "bootstrap": result.get("bootstrap"),
        "policies": [{k: v for k, v in p.items() if not k.endswith("_returns")} for p in result["policies"]],
    }
    write_json_atomic(card_path, card)
    text = readme.read_text()
    section = "\n".join(ranking_section(result, figure.name))
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    elif "## Reproduce" in text:
        text = text.replace("## Reproduce", section + "\n\n## Reproduce", 1)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    readme.write_text(text)
