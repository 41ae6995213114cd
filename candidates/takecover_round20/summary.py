"""Round 20's rule applied (docs/takecover_round20.md): the pair against 10 epochs alone, seed by seed, held-out.

Usage: python candidates/takecover_round20/summary.py RUN/heldout_2000.json
"""

from __future__ import annotations

import json
import re
import sys

import numpy as np


def main() -> None:
    returns = json.load(open(sys.argv[1]))["returns"]
    arms: dict[str, dict[int, float]] = {"epochs10": {}, "both": {}}
    for path, values in returns.items():
        seed = int(re.search(r"_s(\d+)\.safetensors$", path).group(1))
        arms["both" if "both_" in path else "epochs10"][seed] = float(np.mean(values))
    seeds = sorted(arms["both"])
    ahead = sum(arms["both"][s] > arms["epochs10"][s] for s in seeds)
    for s in seeds:
        print(f"seed {s}: 10 epochs {arms['epochs10'][s]:.1f}, both {arms['both'][s]:.1f}")
    mean_e, mean_b = (np.mean([arms[a][s] for s in seeds]) for a in ("epochs10", "both"))
    helps = mean_b > mean_e and ahead >= 4
    print(f"mean: 10 epochs {mean_e:.1f}, both {mean_b:.1f}; ahead on {ahead} of {len(seeds)}; helps: {helps}")


if __name__ == "__main__":
    main()
