"""The rule's table of Take Cover round 18 (docs/takecover_round18.md): each arm per seed on the held-out seeds
2000..2099 beside round 16's 64x64 actor of the same seed, real and dream.

Usage: python candidates/takecover_round18/summary.py RUN BASELINE_RUN (round 16's run directory)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

SEEDS, ARMS = (10, 11, 12), ("epochs10", "gamma995")


def scores(path: Path) -> tuple[float, float]:
    """Real and dream mean of the trained actor in one run's ``--out`` file."""
    d = json.loads(path.read_text())
    return float(np.mean(d["ppo_returns"])), float(np.mean(d["ppo_dream_returns"]))


def main(run: Path, baseline: Path) -> None:
    base = [scores(baseline / f"mlp_s{s}.json") for s in SEEDS]
    print("| seed | round 16, 64x64: real / dream | " + " | ".join(f"{a}: real / dream" for a in ARMS) + " |")
    print("| --- | --- |" + " --- |" * len(ARMS))
    arms = {a: [scores(run / f"{a}_s{s}.json") for s in SEEDS if (run / f"{a}_s{s}.json").exists()] for a in ARMS}
    for i, s in enumerate(SEEDS):
        cells = [f"{arms[a][i][0]:.1f} / {arms[a][i][1]:.1f}" if i < len(arms[a]) else "" for a in ARMS]
        print(f"| {s} | {base[i][0]:.1f} / {base[i][1]:.1f} | " + " | ".join(cells) + " |")
    base_mean = float(np.mean([b[0] for b in base]))
    for a, rows in arms.items():
        if len(rows) < len(SEEDS):
            print(f"{a}: {len(rows)} of {len(SEEDS)} seeds so far")
            continue
        mean = float(np.mean([r[0] for r in rows]))
        ahead = sum(r[0] > b[0] for r, b in zip(rows, base, strict=True))
        verdict = "helps" if mean > base_mean and ahead >= 2 else "does not help"
        print(f"{a}: mean {mean:.1f} vs {base_mean:.1f}, ahead on {ahead} of 3 seeds: {verdict} by the rule")


def issue_seeds(run: Path) -> None:
    """The nine-seed record of an adopted arm on the issue's seeds 1000..1099 (``report.sh``), if it was played."""
    for path in sorted(run.glob("*_1000.json")):
        returns = json.loads(path.read_text())["returns"]
        print(f"\n| {path.stem.removesuffix('_1000')}: actor | real, seeds 1000..1099 |\n| --- | --- |")
        means = []
        for actor, r in returns.items():
            means.append(float(np.mean(r)))
            print(f"| {Path(actor).stem} | {means[-1]:.1f} +/- {np.std(r):.1f} |")
        print(f"mean over {len(means)} seeds: {np.mean(means):.1f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
    issue_seeds(Path(sys.argv[1]))
