"""A round's rule applied to a ``play.py`` JSON: one arm against the base actors, seed by seed (rounds 20 and 21).

Actors whose file name starts with ``ARM_`` form the arm, all others the base; seeds come from ``_sN.safetensors``.
The arm helps if its mean over the seeds is higher and it is ahead on at least ``--min-ahead`` of them.
Usage: python candidates/takecover_round16/compare.py RUN/heldout_2000.json ARM --min-ahead K
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("returns_json")
    parser.add_argument("arm")
    parser.add_argument("--min-ahead", type=int, required=True)
    args = parser.parse_args()
    arms: dict[str, dict[int, float]] = {"base": {}, args.arm: {}}
    for path, values in json.load(open(args.returns_json))["returns"].items():
        name = Path(path).name
        seed = int(re.search(r"_s(\d+)\.safetensors$", name).group(1))
        arms[args.arm if name.startswith(f"{args.arm}_") else "base"][seed] = float(np.mean(values))
    seeds = sorted(arms[args.arm])
    if sorted(arms["base"]) != seeds:
        raise SystemExit(f"the arm's seeds {seeds} are not the base's {sorted(arms['base'])}")
    for s in seeds:
        print(f"seed {s}: base {arms['base'][s]:.1f}, {args.arm} {arms[args.arm][s]:.1f}")
    ahead = sum(arms[args.arm][s] > arms["base"][s] for s in seeds)
    mean_base, mean_arm = (np.mean([arms[a][s] for s in seeds]) for a in ("base", args.arm))
    helps = mean_arm > mean_base and ahead >= args.min_ahead
    print(f"mean: base {mean_base:.1f}, {args.arm} {mean_arm:.1f}; ahead on {ahead} of {len(seeds)}; helps: {helps}")


if __name__ == "__main__":
    main()
