"""Round 26's look at M's data (docs/carracing_round26.md): per source, the mean return, dashboard speed and number
of tile-paying steps over its first N episodes (40 for round 24's sources, 50 for round 26's), from each episode
file's rewards and measurements.
Usage: python candidates/carracing_round26/data_sources.py DATA N PREFIX [PREFIX ...]
(PREFIX: the first digits of a source's episode files, e.g. 010 for ep_010*.npz)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np


def main() -> None:
    first = int(sys.argv[2])
    for prefix in sys.argv[3:]:
        files = sorted(Path(sys.argv[1]).glob(f"ep_{prefix}*.npz"))
        eps = [np.load(f) for f in files[:first]]
        ret = [e["rewards"].sum() for e in eps]
        speed = np.mean([e["measurements"][:, 0].mean() for e in eps])
        tiles = np.mean([(e["rewards"] > 0).sum() for e in eps])
        print(
            f"ep_{prefix}*: {len(files)} episodes; first {len(eps)}: "
            f"return {np.mean(ret):7.1f} +/- {np.std(ret):5.1f}, speed {speed:.2f}, tiles {tiles:.0f}"
        )


if __name__ == "__main__":
    main()
