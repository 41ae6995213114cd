"""Round 25's test of a member pair (docs/carracing_round25.md): from diagnose.sh's files in RUN/diag, the smallest
penalty (in steps of 0.5) that puts rounds 23 and 24's choices below the shipped controller in the pessimistic dream,
and the zoo's Spearman at that penalty. A penalty changes no trajectory, so each score at lambda is the score at 0
minus lambda times the summed disagreement (the scores at 0 and 1 give it). Prints the penalty; exit status 0 only
if one of at most 50 keeps the Spearman at least 0.834 and the zoo passes rounds 18 and 20's checks at it.
Usage: python candidates/carracing_round25/penalty.py RUN
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from dreamgym.training.rank_stats import spearman

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / d) for d in ("carracing_round18", "carracing_round20")]
import speed_check  # noqa: E402  (round 18's check: its pairs and limit)
import still_check  # noqa: E402  (round 20's check: its policies and limit)

LIMIT, MAX_LAMBDA = 0.834, 50.0


def at(score0: float, score1: float, lam: float) -> float:
    """The dream score at penalty ``lam`` from the scores at 0 and 1."""
    return score0 - lam * (score0 - score1)


def main() -> int:
    d = Path(sys.argv[1]) / "diag"
    ctrl = {
        n: [json.loads((d / f"{n}_{k}.json").read_text())["mean"] for k in (0, 1)] for n in ("shipped", "r23", "r24")
    }
    fid = [json.loads((d / f"fid_{k}" / "fidelity.json").read_text())["policies"] for k in (0, 1)]
    for lam in np.arange(0.0, MAX_LAMBDA + 0.25, 0.5):
        s = {n: at(*v, lam) for n, v in ctrl.items()}
        if max(s["r23"], s["r24"]) >= s["shipped"]:
            continue
        zoo = {p0["name"]: at(p0["dream_mean"], p1["dream_mean"], lam) for p0, p1 in zip(*fid, strict=True)}
        real = np.array([p["real_mean"] for p in fid[0]])
        rho = spearman(np.array(list(zoo.values())), real)
        speed = all(zoo[slow] > 0 and zoo[fast] / zoo[slow] <= speed_check.LIMIT for slow, fast in speed_check.PAIRS)
        still = all(zoo[name] < still_check.LIMIT for name in still_check.POLICIES)
        print(
            f"penalty {lam:g}: shipped {s['shipped']:.1f}, r23 {s['r23']:.1f}, r24 {s['r24']:.1f}; zoo Spearman "
            f"{rho:.3f}, speed check {speed}, still check {still}"
        )
        print(lam)
        return 0 if rho >= LIMIT and speed and still else 1
    print(f"no penalty up to {MAX_LAMBDA:g} puts both choices below the shipped controller")
    return 1


if __name__ == "__main__":
    sys.exit(main())
