"""The dream's choice between the CMA-ES mean and best candidate: prints ``mean`` or ``best``, whichever scored
higher over the same dream episodes (a tie keeps the mean). Usage: python choose.py MEAN.json BEST.json"""

from __future__ import annotations

import json
import sys


def score(path: str) -> float:
    """The mean return in one `dreamgym evaluate --out` file."""
    return float(json.loads(open(path).read())["mean"])


if __name__ == "__main__":
    mean, best = score(sys.argv[1]), score(sys.argv[2])
    print("best" if best > mean else "mean")
