"""Write round 13's default M (the soup) into pretrained/takecover's card, with round 12's card writer.

Usage: ``python card.py EVAL_DIR CARD_DIR RUN A`` (as run: /work/runs/s40/eval, pretrained/takecover, /work/runs/s40,
0.5). Run after ``ship.sh`` and ``eval.sh``; reads RUN/heldout/nll.json (``heldout.sh``) and
RUN/fid2000/{round6,soupA}/fidelity.json (``fid_heldout.sh``), so every number in the M line comes from a file.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("round12_card", HERE.parent / "takecover_round12" / "card.py")
assert spec is not None and spec.loader is not None
round12_card = importlib.util.module_from_spec(spec)
spec.loader.exec_module(round12_card)


def heldout_row(nll: dict, suffix: str) -> dict:
    """The row of ``heldout.py``'s output whose M path ends with ``suffix``."""
    (row,) = [v for k, v in nll.items() if k.endswith(suffix)]
    return row


def main(eval_dir: Path, card_dir: Path, run: Path, a: float) -> None:
    nll = json.loads((run / "heldout" / "nll.json").read_text())
    soup, base = heldout_row(nll, f"soup{a:g}/mdnrnn.safetensors"), heldout_row(nll, "takecover/mdnrnn.safetensors")
    fid = {w: json.loads((run / "fid2000" / w / "fidelity.json").read_text()) for w in ("round6", f"soup{a:g}")}
    rho, rho6 = fid[f"soup{a:g}"]["spearman"], fid["round6"]["spearman"]
    m = {
        "source": f"weight average ('model soup'): {1 - a:g} x the round-6 M (zoo/mdnrnn_round6.safetensors) + {a:g} x "
        "the mean of the 3 members of mdnrnn_members.safetensors (each fine-tuned from the round-6 M in round 11)",
        "training_steps": 0,
        "minutes": 0.1,
        "chosen": f"a = {a:g}: the smallest a in {{0.25, 0.5, 0.75, 1}} with zoo Spearman >= 0.85 on held-out seeds "
        "2000..2099, rule in docs/takecover_round13.md",
        "zoo_spearman_seeds_2000": rho,
        "zoo_spearman_seeds_2000_round6": rho6,
        "fresh_heldout": "100 real episodes no M trained on (seeds 4242: 60 random, 4243: 40 controller, noise 0.25)",
        **{
            k: soup[k] for k in ("heldout_episodes", "nll_per_dim_mean", "done_precision", "done_recall", "done_events")
        },
        "fresh_heldout_round6": {k: base[k] for k in ("nll_per_dim_mean", "done_precision", "done_recall")},
    }
    m_line = (
        f'- M: a weight average ("model soup") of the round-6 M (`zoo/mdnrnn_round6.safetensors`) and the mean of the '
        f"three ensemble members fine-tuned from it, weight {a:g}; no training of its own. Chosen by zoo Spearman on "
        f"held-out seeds 2000..2099 ({rho:.3f}; round 6: {rho6:.3f}). On {m['heldout_episodes']} fresh held-out "
        f"episodes: NLL per z dimension {m['nll_per_dim_mean']:.3f} (round 6: {base['nll_per_dim_mean']:.3f}), done "
        f"precision {m['done_precision']:.3f}, recall {m['done_recall']:.3f} (round 6: {base['done_precision']:.3f}, "
        f"{base['done_recall']:.3f}; {m['done_events']} terminations). Round 13, `docs/takecover_round13.md`."
    )
    round12_card.update_card(eval_dir, card_dir, m, m_line, "round-13")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), float(sys.argv[4]))
