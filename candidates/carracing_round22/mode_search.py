"""Round 22's search in the mode dream (docs/carracing_round22.md), used only if the sampled dream fails a check
and the mode dream passes both: round 18's search-and-gate tail up to the dream's choice, in a dream whose measured
dimensions (the speed) are the mean of their most likely component (round 21's diagnostic sampler). CMA-ES and the
dream evaluations run in this process, so the patched sampler is the one they use; the real gate is unaffected.

Usage: python candidates/carracing_round22/mode_search.py RUN INIT SEED   (from the repo root; then bundle and gate
as candidates/carracing_round18/search_gate.sh)
"""

from __future__ import annotations

import sys
from pathlib import Path

import dreamgym.envs.dynamics as dynamics
from dreamgym.training.evaluate import EvaluateArgs, evaluate
from dreamgym.training.train_controller import ControllerArgs, train_controller
from dreamgym.weights import load_mdnrnn

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "carracing_round21"))
from mode_speed import mode_sampler


def main(run: Path, init: Path, seed: int) -> None:
    """CMA-ES (30 generations of 64 x 16, sigma0 0.05) and 256 dream episodes of its mean and best, all in the mode dream."""
    weights = run / "weights"
    dynamics.sample_mixture = mode_sampler(load_mdnrnn(weights / "mdnrnn.safetensors")[0].config.measured)
    out = run / "controller"
    if not (out / "controller_mean_gen30.safetensors").exists():
        train_controller(
            ControllerArgs(
                env="DreamCarRacing-v0",
                weights=weights,
                out=out,
                population=64,
                rollouts=16,
                generations=30,
                sigma0=0.05,
                init=init,
                eval_every=10,
                eval_rollouts=256,
                keep_every=10,
                seed=seed,
            )
        )
    (run / "eval").mkdir(exist_ok=True)
    for c in ("mean", "best"):
        target = run / "eval" / f"dream_{c}.json"
        if not target.exists():
            evaluate(
                EvaluateArgs(
                    "DreamCarRacing-v0",
                    weights=weights,
                    controller=str(out / f"controller_{c}.safetensors"),
                    episodes=256,
                    seed=50000,
                    out=target,
                )
            )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
