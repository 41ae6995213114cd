"""Paired per-track difference of two `dreamgym evaluate --out` files on the same seeds: the mean of A minus B and
its 90 % bootstrap interval over tracks (10,000 resamples, seed 0). Usage: python paired.py A.json B.json"""

from __future__ import annotations

import json
import sys

import numpy as np


def returns(path: str) -> tuple[str, np.ndarray]:
    """The seeds and the per-episode returns stored in one evaluation file."""
    run = json.loads(open(path).read())
    return run["seeds"], np.asarray(run["returns"], dtype=np.float64)


if __name__ == "__main__":
    (seeds_a, a), (seeds_b, b) = returns(sys.argv[1]), returns(sys.argv[2])
    if seeds_a != seeds_b or a.shape != b.shape:
        sys.exit(f"the two files hold different episodes: {seeds_a} ({a.size}) and {seeds_b} ({b.size})")
    diff = a - b
    rng = np.random.default_rng(0)
    means = diff[rng.integers(0, diff.size, size=(10_000, diff.size))].mean(axis=1)
    low, high = np.quantile(means, [0.05, 0.95])
    print(
        f"A {a.mean():.1f}, B {b.mean():.1f}; A - B = {diff.mean():+.1f} (90 % interval {low:+.1f} to {high:+.1f}), "
        f"A ahead on {int((diff > 0).sum())} of {diff.size} tracks"
    )
