"""A round's rule applied to ``play.py`` JSONs: one arm against the base actors, seed by seed (rounds 20 to 22).

Actors whose file name starts with ``ARM_`` form the arm; the base is every other actor, or with ``--base B`` those
starting ``B_``. Seeds come from ``_sN.safetensors``; the JSONs (one or more, e.g. arms played through different
weights) must share their episode seeds. The arm helps if its mean over the seeds is higher and it is ahead on at
least ``--min-ahead`` of them.
Usage: python candidates/takecover_round16/compare.py RUN/heldout_2000.json [MORE.json ...] ARM --min-ahead K
[--base B]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("returns_json", nargs="+")
    parser.add_argument("arm")
    parser.add_argument("--min-ahead", type=int, required=True)
    parser.add_argument("--base", default=None, help="prefix of the base actors (default: every non-arm actor)")
    args = parser.parse_args()
    arms: dict[str, dict[int, float]] = {"base": {}, args.arm: {}}
    episodes = set()
    for path_json in args.returns_json:
        data = json.load(open(path_json))
        episodes.add(tuple(data["seeds"]))
        for path, values in data["returns"].items():
            name = Path(path).name
            seed = int(re.search(r"_s(\d+)\.safetensors$", name).group(1))
            if name.startswith(f"{args.arm}_"):
                arm = args.arm
            elif args.base is None or name.startswith(f"{args.base}_"):
                arm = "base"
            else:
                continue
            if seed in arms[arm]:
                raise SystemExit(f"two {arm} actors of seed {seed} (the second: {path}); name the base with --base")
            arms[arm][seed] = float(np.mean(values))
    if len(episodes) != 1:
        raise SystemExit(f"the JSONs were played on different episodes: {sorted(episodes)}")
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
