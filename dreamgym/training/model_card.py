"""The model card of a weight directory: ``card.json`` (machine-readable) and ``README.md``, built from a run."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import torch

from dreamgym.envs.spec import GameSpec
from dreamgym.errors import ConfigError
from dreamgym.files import write_json_atomic
from dreamgym.weights import load_controller, read_metadata


def _last_row(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open() as f:
        rows = list(csv.DictReader(f))
    return rows[-1] if rows else {}


def _json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text()) if path.exists() else {}


def iteration_tag(iteration: int) -> str:
    """Suffix of iteration K's directories and results under a pipeline workdir ('' for the first)."""
    return f"_iter{iteration}" if iteration else ""


def stage_minutes(workdir: Path, iteration: int = 0) -> dict[str, float | None]:
    """Wall-clock minutes each stage recorded about itself (summed over resumes and over iterations 0..K)."""

    def last(path: Path) -> float:
        value = _last_row(path).get("minutes")
        return float(value) if value else 0.0

    tags = [iteration_tag(k) for k in range(iteration + 1)]
    shipped = (workdir / f"weights{tags[-1]}" / "controller.safetensors").exists()
    results = [_json(p) for p in sorted((workdir / "eval").glob("*.json")) if p.name != "iterations.json"]
    evals = [r.get("seconds", 0.0) for r in results]
    return {
        "collect": _json(workdir / "data" / "manifest.json").get("minutes"),
        "vae": round(last(workdir / "vae" / "log.csv") + sum(r["minutes"] for r in vae_history(workdir)[:-1]), 2)
        or None,
        "encode": _json(workdir / "encoded" / "manifest.json").get("minutes"),
        "mdnrnn": round(sum(_json(workdir / f"mdnrnn{t}" / "metrics.json").get("minutes", 0.0) for t in tags), 2),
        "controller": round(sum(last(workdir / f"controller{t}" / "log.csv") for t in tags), 2) if shipped else None,
        "evaluate (all scores of this card)": round(sum(evals) / 60, 2) if evals else None,
    }


def vae_history(workdir: Path) -> list[dict[str, Any]]:
    """V's training runs, oldest first: the run's own, preceded by the V files it was fine-tuned from (``--init``,
    followed while those files exist), each with its epochs, salient weight and minutes."""
    from dreamgym.weights import read_metadata

    history: list[dict[str, Any]] = []
    path: Path | None = workdir / "vae" / "vae.safetensors"
    while path is not None and path.is_file() and len(history) < 20:
        train = read_metadata(path, "vae").get("preprocess", {}).get("train", {})
        history.append(
            {
                "file": str(path),
                "epochs": train.get("epochs"),
                "salient_weight": train.get("salient_weight", 0.0),
                "minutes": float(train.get("minutes") or 0.0),
            }
        )
        path = Path(train["init"]) if train.get("init") else None
    return history[::-1]


def _vae_line(card: dict[str, Any]) -> str:
    """The card's line on V: its epochs, and those of the V files it was fine-tuned from."""
    v = card["vae"]
    earlier = v.get("history", [])[:-1]
    chain = "".join(
        f"{r['epochs']} epochs"
        + (f" with salient weight {r['salient_weight']}" if r["salient_weight"] else "")
        + ", then "
        for r in earlier
    )
    own = _epochs(v["epochs"]) + (" fine-tuned from that V" if earlier else "")
    weight = (v.get("history") or [{}])[-1].get("salient_weight")
    return (
        f"- V: {chain}{own} ({v['steps']} batches of 100"
        + (f"; the salient colour's pixels weighted {1 + weight:g}x" if weight else "")
        + ("; a fine-tuning of the base weights' V" if v.get("fine_tuned_from_base") else "")
        + f"); final loss {v['final_loss']} (reconstruction {v['final_reconstruction']}, KL {v['final_kl']})."
    )


def _epochs(n: object) -> str:
    """``3 epochs`` from 3, 3.0 or "3.0"; a fractional count stays as it is."""
    try:
        value = float(n)  # type: ignore[arg-type]
        n = int(value) if value.is_integer() else value
    except (TypeError, ValueError):
        pass
    return f"{n} epoch{'' if n == 1 else 's'}"


def _runs_seen_by_m(runs: list[dict[str, Any]], m_metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """The manifest's collection runs M was trained on: runs append in order, so a prefix holding its episodes."""
    total = m_metrics.get("train_episodes", 0) + m_metrics.get("heldout_episodes", 0)
    seen, count = [], 0
    for r in runs:
        if total and count + r["episodes"] > total:
            break
        seen.append(r)
        count += r["episodes"]
    return seen


def _data_seen_by_m(data: dict[str, Any], runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Episodes and steps of the runs M saw (the whole dataset for manifests without a run list)."""
    if not runs or len(runs) == len(data["runs"]):
        return {"episodes": data.get("episodes"), "steps": data.get("steps")}
    files = {f"ep_{r['first_index'] + i:06d}.npz" for r in runs for i in range(r["episodes"])}
    return {
        "episodes": sum(r["episodes"] for r in runs),
        "steps": sum(n for name, n in data.get("lengths", {}).items() if name in files),
    }


def read_base(base: Path | None) -> dict[str, Any] | None:
    """The card (and reproduce commands) of the weight directory a run continued from, or None."""
    if base is None:
        return None
    card = _json(Path(base) / "card.json")
    if not card:
        raise ConfigError(f"--base {base} has no card.json: it must be a weight directory with a model card")
    readme = Path(base) / "README.md"
    text = readme.read_text() if readme.exists() else ""
    block = text.split("## Reproduce", 1)[-1].split("```bash", 1)[-1].split("```", 1)[0] if "```bash" in text else ""
    card.setdefault("commands", [line for line in block.splitlines() if line.strip()])
    return card


def _with_base(minutes: dict[str, float | None], base: dict[str, Any] | None) -> dict[str, float | None]:
    """Stage minutes of this run plus those its base weights took (evaluation: this card's own only)."""
    if base is None:
        return minutes
    earlier = base.get("minutes_per_stage_2_cores", {})
    return {
        k: v if k.startswith("evaluate") else round((v or 0.0) + (earlier.get(k) or 0.0), 2) or None
        for k, v in minutes.items()
    }


def _shipped_choice(weights: Path, controller_dir: Path) -> str:
    """Which of the CMA-ES run's saved controllers the weight directory ships: 'mean', 'best', 'mean of
    generation N' (one kept by ``--keep-every``) or 'other'."""
    shipped = load_controller(weights / "controller.safetensors")[0].get_flat()
    kept = [p.stem.removeprefix("controller_mean_gen") for p in controller_dir.glob("controller_mean_gen*.safetensors")]
    candidates = {"mean": "controller_mean", "best": "controller_best"} | {
        f"mean of generation {gen}": f"controller_mean_gen{gen}" for gen in sorted(kept, key=int)
    }
    for name, stem in candidates.items():
        saved = controller_dir / f"{stem}.safetensors"
        if saved.exists() and torch.equal(load_controller(saved)[0].get_flat(), shipped):
            return name  # compared by parameters: a bundled controller (with its own M) is its run's file too
    return "other"


def build_card(
    game: GameSpec,
    workdir: Path,
    fidelity: dict[str, Any],
    data: dict[str, Any] | None,
    iteration: int = 0,
    base: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Collect every number of the card from the run's own files (iteration K of an iterated pipeline).

    ``base`` is the card of the weights a run continued from (V kept, M and C fine-tuned): its V facts and its
    stage minutes carry over, so the card still tells what the whole chain cost. ``data`` None: the run trained
    only C, in the dream of the base weights, whose data, V and M facts the card then repeats."""
    tag = iteration_tag(iteration)
    vae_log, m_log, c_log = (_last_row(workdir / d / "log.csv") for d in ("vae", f"mdnrnn{tag}", f"controller{tag}"))
    cma = {}
    state = workdir / f"controller{tag}" / "cma_state.safetensors"
    if state.exists():
        from safetensors import safe_open

        with safe_open(str(state), framework="pt") as f:
            meta = f.metadata()
        cma = {
            "generations": json.loads(meta["generation"]),
            "best": json.loads(meta["best"]),
            "args": json.loads(meta["args"]),
        }
    m_metrics = fidelity.get("m_heldout", {})
    shipped = (workdir / f"weights{tag}" / "controller.safetensors").exists()
    if data is None:  # a round that trained only C: the data, V and M are the base weights'
        data_section, iteration_runs = base["data"], base.get("iteration_runs", [])
    else:
        runs = _runs_seen_by_m(data.get("runs") or [], m_metrics)
        data_section = {k: data.get(k) for k in ("policy", "crop", "seed")} | _data_seen_by_m(data, runs)
        data_section["frame_size"] = data.get("frame_size", 64)
        iteration_runs = runs[1:]
    return {
        "game": game.name,
        "dream_id": game.dream_id,
        "real_id": game.real_id,
        "source": game.source_id + (f" ({game.source_note})" if game.source_note else ""),
        "data": data_section,
        "iteration": iteration,
        "iteration_runs": iteration_runs,
        "continues": None
        if base is None
        else {k: base.get(k) for k in ("iteration", "data", "iteration_runs", "scores", "commands")},
        "vae": {
            "fine_tuned_from_base": bool(vae_log) and base is not None,
            "final_loss": vae_log.get("loss"),
            "final_reconstruction": vae_log.get("reconstruction"),
            "final_kl": vae_log.get("kl"),
            "epochs": vae_log.get("epoch"),
            "steps": vae_log.get("step"),
            "history": vae_history(workdir),
        }
        if vae_log or base is None
        else base["vae"],
        "mdnrnn": base["mdnrnn"]
        if data is None
        else {
            "steps": m_log.get("step"),
            "final_train_nll": m_log.get("nll"),
            "final_done_loss": m_log.get("done"),
            **{k: v for k, v in m_metrics.items() if k != "nll_per_dim"},
            "nll_per_dim": m_metrics.get("nll_per_dim"),
        },
        "controller": {"shipped": shipped}
        if not shipped
        else {
            "shipped": True,
            "generations": cma.get("generations"),
            "best": cma.get("best"),
            "population": cma.get("args", {}).get("population"),
            "rollouts": cma.get("args", {}).get("rollouts"),
            "init": cma.get("args", {}).get("init"),
            "temperature": cma.get("args", {}).get("temperature") or game.default_temperature,
            "last_generation_return_mean": c_log.get("return_mean"),
            "ships": _shipped_choice(workdir / f"weights{tag}", workdir / f"controller{tag}"),
            "own_memory_sha256": read_metadata(workdir / f"weights{tag}" / "controller.safetensors", "controller").get(
                "memory_sha256"
            ),
        },
        "minutes_per_stage_2_cores": _with_base(stage_minutes(workdir, iteration), base),
        "v_salient_recall": fidelity.get("v_salient_recall"),
        "large_salient_rate": fidelity.get("large_salient_rate"),
        "scores": fidelity.get("scores", {}),
    }


def _commands(game: GameSpec, workdir: Path) -> list[str]:
    """The commands that made the run: ``WORKDIR/commands.txt`` if the run kept one, else the one-line pipeline."""
    path = workdir / "commands.txt"
    if path.exists():
        return [line for line in path.read_text().splitlines() if line.strip()]
    return [
        f"dreamgym pipeline {game.name} --workdir runs/{game.name}",
        f"dreamgym report {game.name} --workdir runs/{game.name} --episodes 100 --seed 1000",
    ]


def _policy_name(run: dict[str, Any], workdir: Path) -> str:
    """A collection run's policy, with paths shown relative to the workdir."""
    return str(run["policy"]).replace(f"{Path(workdir).resolve()}/", "").replace(f"{workdir}/", "")


def _salient_lines(recall: dict[str, Any] | None, game: GameSpec) -> list[str]:
    """The card's sentence on how much of the salient colour (the game's ``docs["salient"]``) V's reconstructions
    keep."""
    if not recall:
        return []
    thing = game.docs.get("salient", "salient-colour object")
    bins = ", ".join(
        (f"{b['pixels'][0]}+" if b["pixels"][1] >= 1 << 20 else f"{b['pixels'][0]}-{b['pixels'][1]}")
        + f" px: {b['recall']:.2f} ({b['frames']} frames)"
        for b in recall["by_size"]
        if b["recall"] is not None
    )
    return [
        f"{thing.capitalize()} pixels V keeps (`report`: fraction of the held-out frames' {thing}-coloured pixels "
        f"that the reconstruction also paints that colour, {recall['frames']} frames, every 4th of each held-out "
        f"episode): {recall['recall']:.2f} overall; by {thing} size {bins}.",
        "",
    ]


def _rate_lines(rates: dict[str, Any] | None, game: GameSpec) -> list[str]:
    """The card's sentence on how often each probe policy sees a large salient object, dream next to game."""
    if not rates:
        return []
    thing = game.docs.get("salient", "salient-colour object")
    parts = "; ".join(f"`{policy}`: dream {r['dream']:.3f}, real {r['real']:.3f}" for policy, r in rates.items())
    n = next(iter(rates.values()))["episodes"]
    return [
        f"Fraction of steps whose frame shows a large {thing} (30+ px of the frame; `report`, {n} episodes per policy "
        f"and env): {parts}. {game.docs.get('salient_rate', '')}".rstrip(),
        "",
    ]


SCORE_KEYS = ("env", "policy", "episodes", "seeds", "temperature", "termination", "mean", "std")


def score_row(result: dict[str, Any]) -> dict[str, Any]:
    """A card score row from a ``dreamgym evaluate`` result (the keys the Scores table shows)."""
    return {key: result.get(key) for key in SCORE_KEYS}


def scores_table(scores: dict[str, dict[str, Any]]) -> list[str]:
    """The card's Scores table: one row per ``dreamgym evaluate`` result, in the order given."""
    lines = [
        "| policy | env | temperature | termination | episodes (seeds) | mean +/- std |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in scores.values():
        lines.append(
            f"| {r['policy']} | {r['env']} | {r['temperature'] or '-'} | {r.get('termination') or '-'} | "
            f"{r['episodes']} ({r['seeds']}) | {r['mean']:.1f} +/- {r['std']:.1f} |"
        )
    return lines


def write_model_card(
    game: GameSpec,
    workdir: Path,
    out: Path,
    fidelity: dict[str, Any],
    data: dict[str, Any] | None,
    iteration: int = 0,
    base: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write ``card.json`` and ``README.md`` into ``out``."""
    card = build_card(game, workdir, fidelity, data, iteration, base)
    card["commands"] = (base or {}).get("commands", []) + _commands(game, workdir)
    card = carry_over(card, _json(out / "card.json"))
    shipped = card["controller"]["shipped"]
    s = card["scores"]
    lines = [
        f"# {game.dream_id} weights",
        "",
        f"World model (V + M){' and linear controller C' if shipped else ''} for `{game.dream_id}`, trained from "
        f"scratch on 2 CPU cores by `dreamgym pipeline {game.name}` stages. Real game: {card['source']}.",
        "",
        "## Scores",
        "",
        *scores_table(s),
    ]
    if not shipped:
        lines += [
            "",
            "No controller ships with these weights. A faithful dream ranks the `constant:K` probes as the real game "
            "does; where it does not, a controller trained in the dream learns what the dream rewards, not what the "
            "game rewards.",
        ]
    m = card["mdnrnn"]
    lines += [
        "",
        "Policies: `weights` is the shipped controller, `random` the original random policy (a uniformly random "
        "action held 1..10 steps), `constant:K` always plays action K (a probe of how the dream responds to "
        "actions), all measured by `dreamgym evaluate` in the same run; "
        + ("scores are the game's episode return." if game.reward_from_model else "scores are steps survived."),
        "",
        "## How it was made",
        "",
        *(
            [
                f"- Continues from the weights of iteration {base.get('iteration')} (their data: "
                f"{base['data']['episodes']} episodes, {base['data']['steps']} steps): "
                + (
                    "V and M kept as they were, C "
                    + ("fine-tuned from theirs" if card["controller"].get("init") else "trained from zero")
                    + " in their dream (no new data)"
                    if data is None
                    else ("V fine-tuned" if (workdir / "vae" / "log.csv").exists() else "V kept as it was")
                    + ", M and C fine-tuned from theirs on the new data below"
                )
                + ". Stage minutes include theirs; the reproduce commands start with theirs.",
            ]
            if base
            else []
        ),
        f"- Data: {card['data']['episodes']} episodes, {card['data']['steps']} steps of `{card['data']['policy']}`, "
        f"frames cropped to rows/cols {card['data']['crop']} and area-resized to "
        f"{card['data'].get('frame_size', 64)}x{card['data'].get('frame_size', 64)}"
        + (
            "; of these, "
            + ", ".join(
                f"{r['episodes']} were played by `{_policy_name(r, workdir)}` (action noise {r.get('noise')}"
                + (f" held 1..{r['noise_hold']} steps" if r.get("noise_hold") else "")
                + (f", parameter noise {r['param_noise']})" if r.get("param_noise") else ")")
                for r in card["iteration_runs"]
            )
            + " in the real game, as the paper's iterative procedure (action noise: the probability of a random "
            "action in a discrete game, a Gaussian std in a continuous one)."
            if card["iteration_runs"]
            else "."
        ),
        _vae_line(card),
        f"- M: {m['steps']} steps"
        + (f" (fine-tuning of iteration {iteration}, on all episodes above)" if iteration and data is not None else "")
        + f"; held-out NLL per z dimension {m.get('nll_per_dim_mean', float('nan')):.3f}, "
        f"done precision {m.get('done_precision', float('nan')):.3f}, recall {m.get('done_recall', float('nan')):.3f} "
        f"({m.get('done_events')} held-out terminations in {m.get('heldout_episodes')} episodes)"
        + (
            f"; reward RMSE {m['reward_rmse']:.3f} on all steps, {m['reward_rmse_tile_steps']:.3f} on steps with a positive reward."
            if "reward_rmse" in m
            else "."
        ),
        (
            "- C: CMA-ES "
            + (
                f"from `{_policy_name({'policy': card['controller']['init']}, workdir)}`"
                if card["controller"].get("init")
                else "from zero"
            )
            + f", population {card['controller']['population']} x {card['controller']['rollouts']} dream "
            f"rollouts, {card['controller']['generations']} generations at temperature "
            f"{card['controller']['temperature']}; ships the CMA-ES {card['controller']['ships']} (best candidate seen: "
            f"dream return {(card['controller']['best'] or {}).get('return', float('nan')):.1f} in generation "
            f"{(card['controller']['best'] or {}).get('generation')})."
            + (
                f" It carries its own M (`dreamgym bundle`; SHA-256 {card['controller']['own_memory_sha256'][:12]}...),"
                " whose h it reads instead of the dream's."
                if card["controller"].get("own_memory_sha256")
                else ""
            )
            if card["controller"]["shipped"]
            else "- C: no controller ships with these weights (see Status)."
        ),
        f"- Wall-clock minutes per stage on 2 cores: {card['minutes_per_stage_2_cores']}.",
        "",
        "## Fidelity",
        "",
        "Real held-out frames (top) and V's reconstructions (bottom):",
        "",
        "![reconstructions](reconstructions.png)",
        "",
        *_salient_lines(card.get("v_salient_recall"), game),
        *_rate_lines(card.get("large_salient_rate"), game),
        "A real episode (left) and the dream started from the same first frame under the same actions (right; dimmed "
        "once the dream has ended):",
        "",
        "![side by side](side_by_side.gif)",
        "",
        "Training curves: `vae_curve.png`, `mdnrnn_curve.png`" + (", `controller_curve.png`." if shipped else "."),
        "",
        *kept_sections(out / "README.md"),
        "## Reproduce",
        "",
        "```bash",
        *card["commands"],
        "```",
    ]
    write_json_atomic(out / "card.json", card)
    (out / "README.md").write_text("\n".join(lines) + "\n")
    return card


SECTION = re.compile(r"<!-- ([\w-]+):start -->.*?<!-- \1:end -->", re.DOTALL)


def carry_over(card: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """``card`` plus the keys of the card it replaces that ``report`` does not write (other commands wrote them,
    e.g. ``fidelity --card``'s ``policy_ranking``), as :func:`kept_sections` keeps their README sections."""
    return card | {k: v for k, v in previous.items() if k not in card}


def kept_sections(readme: Path) -> list[str]:
    """Sections of an existing card that other commands wrote between ``<!-- NAME:start -->`` and
    ``<!-- NAME:end -->`` (the policy ranking of `dreamgym fidelity --card`, the ensemble's): a regenerated card
    keeps them, in their order, before its Reproduce section."""
    if not readme.is_file():
        return []
    return [line for m in SECTION.finditer(readme.read_text()) for line in (m.group(0), "")]
