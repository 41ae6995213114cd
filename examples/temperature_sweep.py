"""The paper's temperature table: a controller trained in the dream at each tau, scored in the dream and real game.

For each tau in 0.1, 0.5, 1.0, 1.15, 1.3 it runs `dreamgym train controller` (CMA-ES in the batched dream) and
`dreamgym evaluate` in the dream at that tau and in RealTakeCover-v0, then prints a markdown table and writes a
PNG. The default budget is small (8 generations of 32 x 8 dreams, 20 real episodes: about 4 minutes per tau on
2 cores); ``--full`` uses the reference budget (200 generations of 64 x 16, 100 episodes).

Run: ``python examples/temperature_sweep.py --out runs/sweep``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import dreamgym  # noqa: F401
from dreamgym.training.evaluate import EvaluateArgs, evaluate
from dreamgym.training.train_controller import ControllerArgs, train_controller

TAUS = (0.1, 0.5, 1.0, 1.15, 1.3)


def main(argv: list[str] | None = None) -> list[dict[str, float]]:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, default=Path("runs/temperature_sweep"))
    p.add_argument("--weights", type=Path, default=None)
    p.add_argument("--taus", type=float, nargs="+", default=list(TAUS))
    p.add_argument("--full", action="store_true", help="the reference budget instead of the quick one")
    p.add_argument("--generations", type=int, default=None)
    p.add_argument("--population", type=int, default=None)
    p.add_argument("--rollouts", type=int, default=None)
    p.add_argument("--episodes", type=int, default=None)
    p.add_argument("--max-steps", type=int, default=None, help="dream episode cap while training")
    p.add_argument("--real", action=argparse.BooleanOptionalAction, default=True, help="also score the real game")
    args = p.parse_args(argv)
    gens = args.generations or (200 if args.full else 8)
    pop = args.population or (64 if args.full else 32)
    rollouts = args.rollouts or (16 if args.full else 8)
    episodes = args.episodes or (100 if args.full else 20)

    rows = []
    for tau in args.taus:
        run = args.out / f"tau{tau}"
        controller = train_controller(
            ControllerArgs(
                "DreamTakeCover-v0",
                args.weights,
                run,
                temperature=tau,
                generations=gens,
                population=pop,
                rollouts=rollouts,
                max_steps=args.max_steps,
                eval_every=0,
                seed=0,
            )
        )
        common = dict(episodes=episodes, seed=1000, controller=str(controller), weights=args.weights)
        dream = evaluate(EvaluateArgs("DreamTakeCover-v0", temperature=tau, out=run / "dream.json", **common))
        row = {"tau": tau, "dream": dream["mean"], "dream_std": dream["std"]}
        if args.real:
            real = evaluate(EvaluateArgs("RealTakeCover-v0", out=run / "real.json", **common))
            row.update(real=real["mean"], real_std=real["std"])
        rows.append(row)

    print(
        f"\n| tau | dream score | real score | ({gens} generations of {pop} x {rollouts} dreams, "
        f"{episodes} episodes each, seeds 1000..) |\n| --- | --- | --- | --- |"
    )
    for r in rows:
        real = f"{r['real']:.0f} +/- {r['real_std']:.0f}" if "real" in r else "-"
        print(f"| {r['tau']} | {r['dream']:.0f} +/- {r['dream_std']:.0f} | {real} | |")
    _plot(rows, args.out / "temperature_sweep.png")
    return rows


def _plot(rows: list[dict[str, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3.5))
    taus = [r["tau"] for r in rows]
    ax.errorbar(taus, [r["dream"] for r in rows], [r["dream_std"] for r in rows], marker="o", label="dream", capsize=3)
    if all("real" in r for r in rows):
        ax.errorbar(taus, [r["real"] for r in rows], [r["real_std"] for r in rows], marker="s", label="real", capsize=3)
    ax.set_xlabel("temperature tau used in training")
    ax.set_ylabel("steps survived")
    ax.legend()
    ax.grid(alpha=0.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


if __name__ == "__main__":
    main()
