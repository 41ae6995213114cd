"""Round 26's check before any search (docs/carracing_round26.md): does the dream rank the shipped controller above
rounds 23 and 24's searched controllers, as the game's held-out gate does (853.6 against 748.6 and 709.4)? Reads the
three `dreamgym evaluate --out` files (the same dream episodes); exit status 0 only if the shipped one scores highest.
Usage: python candidates/carracing_round26/order_check.py SHIPPED.json R23.json R24.json
"""

from __future__ import annotations

import json
import sys

GATE = {"shipped": 853.6, "round 23's choice": 748.6, "round 24's choice": 709.4}


def main() -> int:
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    dream = {name: json.loads(open(path).read())["mean"] for name, path in zip(GATE, sys.argv[1:], strict=True)}
    for name, score in dream.items():
        print(f"{name:18s} dream {score:7.1f}  gate {GATE[name]:7.1f}  dream / gate {score / GATE[name]:.2f}")
    passed = dream["shipped"] > max(dream["round 23's choice"], dream["round 24's choice"])
    print(f"the dream ranks the shipped controller above both searched ones: {passed}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
