"""Round 20's check (docs/carracing_round20.md): does the dream still pay a car that stands or creeps? Reads a
``fidelity.json`` and prints the dream's and the game's score of the zoo's ``idle`` and ``creep``; exit status 0
only if the dream scores both below 100 (the game: -93.4 and -48.0; round 19's dream: 231.9 and 351.0).

Usage: python candidates/carracing_round20/still_check.py FIDELITY.json
"""

from __future__ import annotations

import json
import sys

POLICIES = ("idle", "creep")
LIMIT = 100.0


def main() -> int:
    rows = {r["name"]: r for r in json.load(open(sys.argv[1]))["policies"]}
    for name in POLICIES:
        print(f"{name!r}: dream {rows[name]['dream_mean']:.1f}, game {rows[name]['real_mean']:.1f}")
    passed = all(rows[name]["dream_mean"] < LIMIT for name in POLICIES)
    print(f"the dream no longer pays a standing or creeping car (both below {LIMIT:.0f}): {passed}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
