"""Write round 12's default M into pretrained/takecover's card: its scores, its metrics, the controller's own M.

Usage: ``python card.py EVAL_DIR CARD_DIR K`` (as run: /work/runs/s38/eval, pretrained/takecover, the member chosen).
Run after ``ship.sh`` copied the new weights into CARD_DIR and ``eval.sh`` wrote EVAL_DIR. The previous M's card
entries (its metrics and dream scores) are kept under ``previous_m``; real scores do not change (the controller
carries the M that trained it, the probes are blind).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from safetensors import safe_open

from dreamgym.games import GAMES
from dreamgym.training.model_card import _rate_lines, score_row, scores_table
from dreamgym.training.salient_rate import dream_salient_rate
from dreamgym.weights import read_metadata

DREAM_ROWS = {
    "dream_random_tau1.0": "random_tau1.0",
    "dream_random_tau1.15": "random_tau1.15",
    "dream_random_sample": "random_sample",
    "dream_constant:0": "constant_0",
    "dream_constant:1": "constant_1",
    "dream_constant:2": "constant_2",
    "dream_controller": "controller",
}


def row(path: Path) -> dict:
    """A card score row from a `dreamgym evaluate --out` file."""
    return score_row(json.loads(path.read_text()))


def update_card(eval_dir: Path, card_dir: Path, mdnrnn: dict, m_line: str, round_name: str) -> None:
    """Put a new default M into the card: its entry ``mdnrnn``, the dream scores of EVAL_DIR, the README's M line
    ``m_line``; the previous M's entries are kept once under ``previous_m``."""
    game = GAMES["takecover"]
    path = card_dir / "card.json"
    card = json.loads(path.read_text())
    if "previous_m" not in card:
        card["previous_m"] = {
            "file": "zoo/mdnrnn_round6.safetensors",
            "mdnrnn": card["mdnrnn"],
            "scores": {k: card["scores"][k] for k in DREAM_ROWS},
            "large_salient_rate": card["large_salient_rate"],
            "remeasured_2026_11_26": card.pop("remeasured_2026_11_26"),
        }
    card["mdnrnn"] = mdnrnn
    for key, name in DREAM_ROWS.items():
        card["scores"][key] = row(eval_dir / f"dream_{name}.json")
    with safe_open(str(card_dir / "controller.safetensors"), "pt") as f:
        card["controller"]["own_memory_sha256"] = json.loads(f.metadata()["memory_sha256"])
    rates = card["large_salient_rate"]
    for policy, r in rates.items():
        r["dream"] = dream_salient_rate(game, card_dir, policy, r["episodes"], 1000)
    path.write_text(json.dumps(card, indent=1) + "\n")

    readme = card_dir / "README.md"
    text = readme.read_text()
    start = text.index("| policy | env |")
    end = text.index("\n\nPolicies:", start)
    text = text[:start] + "\n".join(scores_table(card["scores"])) + text[end:]
    text = re.sub(r"^- M: .*$", lambda _: m_line, text, count=1, flags=re.M)
    sha = card["controller"]["own_memory_sha256"][:12]
    text = re.sub(
        r"^(- C: .*?\))\.$",
        rf"\1. It carries its own M (`dreamgym bundle`; SHA-256 {sha}..., the previous M that trained it), whose h "
        "it reads instead of the dream's, so its real play is unchanged.",
        text,
        count=1,
        flags=re.M,
    )
    text = re.sub(
        r"^Fraction of steps whose frame shows a large .*$", _rate_lines(rates, game)[0], text, count=1, flags=re.M
    )
    text = re.sub(
        r"^Re-measured on 2026-11-26 .*?\n\n",
        f"The dream scores above are the {round_name} M's. The previous M's (round 6) are in `card.json` under "
        "`previous_m`, with their re-measurement of 2026-11-26 on another machine.\n\n",
        text,
        count=1,
        flags=re.M | re.S,
    )
    readme.write_text(text)


def main(eval_dir: Path, card_dir: Path, member: int) -> None:
    meta = read_metadata(card_dir / "mdnrnn.safetensors", "mdnrnn")
    m = {
        "steps": str(meta["train"]["steps"]),
        "fine_tuned_from": "zoo/mdnrnn_round6.safetensors (the previous M)",
        "data": "a bootstrap resample of the 1,130 new real episodes of the ensemble (card key 'ensemble')",
        "chosen": f"member {member} of the round-11 ensemble, by zoo Spearman on held-out seeds 2000..2099",
        **meta["heldout"],
    }
    m_line = (
        f"- M: {m['chosen']}: {m['steps']} steps fine-tuned from the previous M (round 6, "
        "`zoo/mdnrnn_round6.safetensors`) on a bootstrap resample of the 1,130 new real episodes described under "
        "'Ensemble of M' below; "
        f"held-out NLL per z dimension {m['nll_per_dim_mean']:.3f}, done precision {m['done_precision']:.3f}, "
        f"recall {m['done_recall']:.3f} ({m['done_events']} held-out terminations in {m['heldout_episodes']} episodes "
        "of the new data). Round 12, `docs/takecover_round12.md`."
    )
    update_card(eval_dir, card_dir, m, m_line, "round-12")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
