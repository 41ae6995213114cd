"""Round 18's check (docs/carracing_round18.md): does a dream see the cost of speed? Reads a ``fidelity.json`` and
prints, for each zoo driver and its faster copy, the dream's and the game's ratio; exit status 0 only if the dream's
ratio is at most 0.75 for both pairs (the game's: 0.30 and 0.26; the shipped dream's: 0.98 and 0.99).

Usage: python candidates/carracing_round18/speed_check.py FIDELITY.json
"""

from __future__ import annotations

import json
import sys

PAIRS = (("r10 candidate", "r10 candidate gas 0.3"), ("controller v1", "controller v1 gas 0.3"))
LIMIT = 0.75


def main() -> int:
    rows = {r["name"]: r for r in json.load(open(sys.argv[1]))["policies"]}
    passed = True
    for slow, fast in PAIRS:
        dream = rows[fast]["dream_mean"] / rows[slow]["dream_mean"]
        real = rows[fast]["real_mean"] / rows[slow]["real_mean"]
        passed &= dream <= LIMIT
        print(f"{fast!r} / {slow!r}: dream {dream:.2f}, game {real:.2f}")
    print(f"the dream sees the cost of speed (both dream ratios <= {LIMIT}): {passed}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
