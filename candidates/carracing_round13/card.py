"""Write round 13's shipped controller and its scores into pretrained/carracing/card.json, from the evaluations' JSON.

Usage: ``python card.py EVAL_DIR CONTROLLER_JSON CARD_DIR`` (as run: runs/cr14/eval, controller_r10.json,
pretrained/carracing). The previous controller's section and scores are kept under ``previous_controller``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from safetensors import safe_open

from dreamgym.training.model_card import score_row

LOOP_MINUTES = {"collect": 35.4, "encode": 2.8, "mdnrnn": 31.8, "controller": 25.3, "dream choice": 1.0}


def row(path: Path) -> dict:
    """A card score row from a `dreamgym evaluate --out` file."""
    return score_row(json.loads(path.read_text()))


def main(eval_dir: Path, controller_json: Path, card_dir: Path) -> None:
    path = card_dir / "card.json"
    card = json.loads(path.read_text())
    if "previous_controller" not in card:
        card["previous_controller"] = {
            "file": "zoo/controller_v1.safetensors",
            "controller": card["controller"],
            "scores": {k: card["scores"][k] for k in ("dream_controller", "real_controller")},
            "gate_real_2000..2099": 757.9,
            "dream_controller_with_reward_budget": 880.1,
        }
    with safe_open(str(card_dir / "controller.safetensors"), "pt") as f:
        sha = json.loads(f.metadata()["memory_sha256"])
    card["controller"] = json.loads(controller_json.read_text()) | {"own_memory_sha256": sha}
    card["scores"]["dream_controller"] = row(eval_dir / "dream_1000.json")
    card["scores"]["real_controller"] = row(eval_dir / "real_1000.json")
    card["scores"]["real_controller_gate"] = row(eval_dir / "real_2000.json")
    card["minutes_per_stage_2_cores"]["loop turns of the shipped C (round 10)"] = LOOP_MINUTES
    path.write_text(json.dumps(card, indent=1) + "\n")


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:4]))
