"""Round 14's gates (rule in this folder's README): print the numbers of gate N and exit 1 if it fails."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

PPO_TAU15_SEEDS_0_2 = (780.1, 735.3, 614.2)
"""PPO at tau 1.5, seeds 0..2, real steps over seeds 1000..1099 (round 11, docs/takecover_round11.md)."""
PPO_TAU115_SIX_SEEDS = 628.6
"""PPO at tau 1.15 (the shipped default), mean of seeds 0..5 (round 13, docs/takecover_round13.md)."""


def fid(run: Path, seed: int, tau: str) -> dict:
    """One fidelity.json of run.sh."""
    return json.loads((run / f"fid{seed}" / f"tau{tau}" / "fidelity.json").read_text())


def show(name: str, r: dict) -> None:
    """Spearman with its interval, regret, error, and the shipped controller's dream score."""
    shipped = next(p for p in r["policies"] if p["name"] == "shipped")
    lo, hi = r["bootstrap"]["spearman_interval"]
    print(
        f"{name}: Spearman {r['spearman']:.3f} ({lo:.3f} to {hi:.3f}), regret {r['regret']:.1f}, "
        f"MARE {r['mean_abs_rel_error']:.3f}, dream best {r['dream_best']}, shipped {shipped['dream_mean']:.1f} "
        f"dream vs {shipped['real_mean']:.1f} real"
    )


def main() -> int:
    run, gate = Path(sys.argv[1]), int(sys.argv[2])
    if gate in (1, 2):
        seed = 2000 if gate == 1 else 1000
        base, hot = fid(run, seed, "1.15"), fid(run, seed, "1.5")
        show(f"seeds {seed}, tau 1.15", base)
        show(f"seeds {seed}, tau 1.5 ", hot)
        ok = hot["regret"] < 100 and (hot["spearman"] >= base["spearman"] if gate == 1 else hot["spearman"] >= 0.8)
    else:
        ppo, rnd, own = [], [], []
        for s in (3, 4, 5):
            out = json.loads((run / "ppo_tau1.5" / f"ppo_s{s}.json").read_text())
            ppo.append(np.mean(out["ppo_returns"]))
            rnd.append(np.mean(out["random_returns"]))
            own.append(np.mean(out["ppo_dream_returns"]) / ppo[-1])
            print(f"seed {s}: PPO {ppo[-1]:.1f} real, its dream / real {own[-1]:.2f}, random {rnd[-1]:.1f}")
        six = np.mean([*PPO_TAU15_SEEDS_0_2, *ppo])
        print(f"six seeds at tau 1.5: {six:.1f} (tau 1.15: {PPO_TAU115_SIX_SEEDS}); {six / np.mean(rnd):.2f}x random")
        ok = six >= PPO_TAU115_SIX_SEEDS and six >= 1.5 * np.mean(rnd)
    print(f"gate {gate}: {'passed' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
