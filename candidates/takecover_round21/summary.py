"""Round 21's rule applied (docs/takecover_round21.md): a minibatch of 256 against the recipe alone, seed by seed, held-out.

Usage: python candidates/takecover_round21/summary.py RUN/heldout_2000.json
"""

from __future__ import annotations

import json
import re
import sys

import numpy as np


def main() -> None:
    returns = json.load(open(sys.argv[1]))["returns"]
    arms: dict[str, dict[int, float]] = {"base": {}, "batch256": {}}
    for path, values in returns.items():
        seed = int(re.search(r"_s(\d+)\.safetensors$", path).group(1))
        arms["batch256" if "batch256_" in path else "base"][seed] = float(np.mean(values))
    seeds = sorted(arms["batch256"])
    ahead = sum(arms["batch256"][s] > arms["base"][s] for s in seeds)
    for s in seeds:
        print(f"seed {s}: recipe {arms['base'][s]:.1f}, batch 256 {arms['batch256'][s]:.1f}")
    mean_r, mean_b = (np.mean([arms[a][s] for s in seeds]) for a in ("base", "batch256"))
    helps = mean_b > mean_r and ahead >= 4
    print(f"mean: recipe {mean_r:.1f}, batch 256 {mean_b:.1f}; ahead on {ahead} of {len(seeds)}; helps: {helps}")


if __name__ == "__main__":
    main()
