"""Dream score against real score along one CMA-ES run: where does the dream stop predicting the game?

`dreamgym train controller ... --keep-every N` keeps the CMA-ES mean of every Nth generation as
``controller_mean_genN.safetensors``. This script scores each of them (and, as generation 0, the ``--init``
controller the run started from) in the dream (at the run's temperature) and
in the real twin on fixed seeds, writes ``dream_vs_real.csv`` and draws ``dream_vs_real.png``. A dream that
predicts the game gives two curves that rise together; a dream being exploited gives a dream curve that rises
while the real one stays flat or falls. It is a diagnostic: choose the controller you ship by its dream score,
not by this real score, or the real game has been used for training.

About 10 s per kept controller on 2 cores for 100 dream and 30 real Take Cover episodes (real episodes dominate).

Run: ``python examples/dream_vs_real.py --run runs/tc7/controller_r7 --weights runs/tc7/weights6``.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import dreamgym  # noqa: F401
from dreamgym.training.evaluate import EvaluateArgs, evaluate
from dreamgym.weights import load_controller, read_safetensors

KEPT = re.compile(r"controller_mean_gen(\d+)\.safetensors$")


def kept_controllers(run: Path) -> list[tuple[int, Path]]:
    """The run's kept CMA-ES means as (generation, path), in generation order; generation 0 is the controller the
    run started from (its ``--init``), when it had one."""
    found = [(int(m.group(1)), p) for p in run.glob("controller_mean_gen*.safetensors") if (m := KEPT.search(p.name))]
    if not found:
        raise SystemExit(f"{run} holds no controller_mean_genN.safetensors: train with --keep-every N")
    init = read_safetensors(run / "cma_state.safetensors", "cma_state")[1]["args"].get("init")
    # --init was given relative to where training ran: here, or (the usual layout) the run's parent directory
    start = next((p for p in (Path(str(init)), run.parent / str(init)) if init and p.is_file()), None)
    if start is not None and all(gen != 0 for gen, _ in found):
        found.append((0, start))
    return sorted(found)


def main(argv: list[str] | None = None) -> list[dict[str, float]]:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--run", type=Path, required=True, help="a `train controller --keep-every N` run directory")
    p.add_argument("--weights", type=Path, default=None, help="the world model the run trained in")
    p.add_argument("--dream-id", default="DreamTakeCover-v0")
    p.add_argument("--real-id", default="RealTakeCover-v0")
    p.add_argument("--dream-episodes", type=int, default=100)
    p.add_argument("--real-episodes", type=int, default=30)
    p.add_argument("--dream-seed", type=int, default=3000)
    p.add_argument("--real-seed", type=int, default=5000)
    p.add_argument("--every", type=int, default=1, help="score every k-th kept controller")
    args = p.parse_args(argv)

    rows = []
    for gen, path in kept_controllers(args.run)[:: args.every]:
        tau = load_controller(path)[1].get("temperature")
        common = dict(controller=str(path), weights=args.weights)
        dream = evaluate(
            EvaluateArgs(args.dream_id, episodes=args.dream_episodes, seed=args.dream_seed, temperature=tau, **common)
        )
        real = evaluate(EvaluateArgs(args.real_id, episodes=args.real_episodes, seed=args.real_seed, **common))
        rows.append(
            {
                "generation": gen,
                "dream": dream["mean"],
                "dream_std": dream["std"],
                "real": real["mean"],
                "real_std": real["std"],
            }
        )
    with (args.run / "dream_vs_real.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    _plot(rows, args, args.run / "dream_vs_real.png")
    return rows


def _plot(rows: list[dict[str, float]], args: argparse.Namespace, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    gens = [r["generation"] for r in rows]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(gens, [r["dream"] for r in rows], marker="o", label=f"dream ({args.dream_episodes} episodes)")
    ax.plot(gens, [r["real"] for r in rows], marker="s", label=f"real ({args.real_episodes} episodes)")
    ax.set_xlabel("CMA-ES generation (mean of the population)")
    ax.set_ylabel("mean return")
    ax.set_title(f"{args.run.name}: dream vs real")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


if __name__ == "__main__":
    main()
