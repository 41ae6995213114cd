"""Round 15's table: per seed, the dream's checkpoint against the last actor on the same real episodes, and the
rule's verdict. Usage: python summary.py RUN   (reads RUN/ppo_s{6,7,8}.json)"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np


def main(run: Path, seeds: tuple[int, ...] = (6, 7, 8)) -> None:
    print(
        "| seed | chosen at (steps) | dream's checkpoint: real | last actor: real | dream: checkpoint / last | random |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    runs = {s: json.loads((run / f"ppo_s{s}.json").read_text()) for s in seeds}
    chosen, last = [], []
    for s, r in runs.items():
        c, la = np.mean(r["ppo_returns"]), np.mean(r["ppo_last_returns"])
        chosen.append(c)
        last.append(la)
        dream = f"{np.mean(r['ppo_dream_returns']):.1f} / {np.mean(r['ppo_last_dream_returns']):.1f}"
        print(
            f"| {s} | {r['selection']['chosen_at']} | {c:.1f} | {la:.1f} | {dream} | {np.mean(r['random_returns']):.1f} |"
        )
    wins = sum(c > la for c, la in zip(chosen, last, strict=True))
    adopted = np.mean(chosen) > np.mean(last) and wins >= 2
    print(
        f"mean: checkpoint {np.mean(chosen):.1f}, last {np.mean(last):.1f}; checkpoint ahead on {wins} of {len(seeds)}"
    )
    print("rule: " + ("adopted" if adopted else "not adopted"))
    for s, r in runs.items():
        history = r["selection"]["history"]
        print(f"seed {s} dream scores: " + ", ".join(f"{t // 1000}k {m:.0f}" for t, m in history))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
