"""PPO trained only inside DreamTakeCover-v0 at tau 1.15, then run in VizDoom: `sb3_ppo_dream.py` with Take Cover's
settings before round 14 (kept so the commands recorded with the Take Cover zoo still run as written). The default
dream is tau 1.5 since round 14 (docs/takecover_round14.md): add ``--temperature 1.5`` to train in it.

Run: ``python examples/sb3_ppo_takecover.py --timesteps 300000 --episodes 50`` (about 4 minutes on 2 cores).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sb3_ppo_dream import main as dream_main


def main(argv: list[str] | None = None) -> dict[str, float]:
    """`sb3_ppo_dream.py --env DreamTakeCover-v0 --temperature 1.15` plus ``argv``."""
    return dream_main(
        ["--env", "DreamTakeCover-v0", "--temperature", "1.15", *(sys.argv[1:] if argv is None else argv)]
    )


if __name__ == "__main__":
    main()
