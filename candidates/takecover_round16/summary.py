"""Tables of Take Cover round 16 from its run directory (docs/takecover_round16.md).

Usage: python candidates/takecover_round16/summary.py RUN
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np


def _mean(values: list[float]) -> float:
    return float(np.mean(values))


def held_out(run: Path) -> None:
    """The rule's table: both actors per seed on the held-out seeds 2000..2099."""
    print("| seed | linear actor: real | 64x64 actor: real | linear / 64x64 in the dream | random: real |")
    print("| --- | --- | --- | --- | --- |")
    cols: dict[str, list[float]] = {k: [] for k in ("lin", "mlp", "lin_d", "mlp_d", "rnd")}
    for seed in (10, 11, 12):
        lin = json.loads((run / f"linear_s{seed}.json").read_text())
        mlp = json.loads((run / f"mlp_s{seed}.json").read_text())
        row = {
            "lin": _mean(lin["ppo_returns"]),
            "mlp": _mean(mlp["ppo_returns"]),
            "lin_d": _mean(lin["ppo_dream_returns"]),
            "mlp_d": _mean(mlp["ppo_dream_returns"]),
            "rnd": _mean(lin["random_returns"]),
        }
        for k, v in row.items():
            cols[k].append(v)
        sd = (np.std(lin["ppo_returns"]), np.std(mlp["ppo_returns"]))
        print(
            f"| {seed} | {row['lin']:.1f} +/- {sd[0]:.1f} | {row['mlp']:.1f} +/- {sd[1]:.1f} | "
            f"{row['lin_d']:.1f} / {row['mlp_d']:.1f} | {row['rnd']:.1f} |"
        )
    m = {k: _mean(v) for k, v in cols.items()}
    ahead = sum(a > b for a, b in zip(cols["lin"], cols["mlp"], strict=True))
    print(f"| mean | {m['lin']:.1f} | {m['mlp']:.1f} | {m['lin_d']:.1f} / {m['mlp_d']:.1f} | {m['rnd']:.1f} |")
    print(f"linear minus 64x64: {m['lin'] - m['mlp']:+.1f}, linear ahead on {ahead} of 3 seeds")


def issue_seeds(run: Path) -> None:
    """The nine-seed record of the linear actor on the issue's seeds 1000..1099 (what exists so far)."""
    rows: list[tuple[int, float, float, float | None]] = []
    played = run / "linear_1000.json"
    if played.exists():
        returns = json.loads(played.read_text())["returns"]
        for seed in (10, 11, 12):
            r = returns[str(run / f"linear_s{seed}.safetensors")]
            rows.append((seed, _mean(r), float(np.std(r)), None))
    for seed in range(13, 19):
        path = run / f"issue_linear_s{seed}.json"
        if path.exists():
            d = json.loads(path.read_text())
            rows.append((seed, _mean(d["ppo_returns"]), float(np.std(d["ppo_returns"])), _mean(d["random_returns"])))
    print("\n| seed | linear actor: real, seeds 1000..1099 | random, same loop |")
    print("| --- | --- | --- |")
    for seed, mean, sd, rnd in rows:
        print(f"| {seed} | {mean:.1f} +/- {sd:.1f} | {'-' if rnd is None else f'{rnd:.1f}'} |")
    if rows:
        means = [r[1] for r in rows]
        randoms = [r[3] for r in rows if r[3] is not None]
        line = f"mean over {len(rows)} seeds: {_mean(means):.1f}"
        if randoms:
            line += f"; random in the {len(randoms)} loops: {_mean(randoms):.1f} ({_mean(means) / _mean(randoms):.2f}x)"
        print(line)


if __name__ == "__main__":
    directory = Path(sys.argv[1])
    held_out(directory)
    issue_seeds(directory)
