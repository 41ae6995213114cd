"""The whole speed benchmark in one run: the machine, its matmul roofline, the dreams (single step, batched), the
learners in the dream (PPO rollout collection, a CMA-ES generation) and the real games, as one markdown report
whose ratios are all taken in the same run. Writes ``benchmarks/results.md`` (``--out``).

Run: ``python benchmarks/run.py`` (about 5 minutes on 2 idle cores; ``--quick`` about 2). Uses the shipped weights.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import date
from pathlib import Path

import gymnasium as gym
import torch
from dream_speed import flops_per_step, matmul_peak, single_latency_ms, vector_throughput
from learner_speed import cma_generation_seconds, ppo_rollout_steps_per_s
from real_speed import steps_per_second

import dreamgym  # noqa: F401
from dreamgym.envs import GAMES
from dreamgym.envs.sources import make_source_env, source_available
from dreamgym.hardware import cpu_flags, native_bf16
from dreamgym.weights import pretrained_dir, ships_weights

FLAGS_OF_INTEREST = ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_bf16", "amx_int8")


def cpu_model() -> str:
    """The CPU's model name from ``/proc/cpuinfo`` (else what ``platform`` says)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_lines(peak32: float, peak16: float | None) -> list[str]:
    """Who ran the benchmark: CPU, cores, flags that decide the precision, torch, roofline, the paths chosen."""
    flags = cpu_flags()
    native = native_bf16(torch.device("cpu"))
    present = ", ".join(f for f in FLAGS_OF_INTEREST if f in flags) or "none of " + ", ".join(FLAGS_OF_INTEREST)
    bf16 = f"{peak16:.0f} GFLOP/s" if peak16 is not None else "not native here, not measured (torch would emulate it)"
    return [
        f"- CPU: {cpu_model()}, {os.cpu_count()} cores; flags: {present}",
        f"- torch {torch.__version__} ({torch.get_num_threads()} threads, kernels "
        f"{torch.backends.cpu.get_cpu_capability()}), gymnasium {gym.__version__}, Python {platform.python_version()}",
        f"- matmul peak (2048 x 2048): fp32 {peak32:.0f} GFLOP/s; bf16 {bf16}",
        '- paths that ran: dream float32 (the default everywhere; `dtype="bfloat16"` is opt-in and '
        + ("measured below" if native else "refused on this CPU")
        + f"); `train vae` would default to {'bf16 autocast' if native else 'fp32'} here",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="shorter measurements (noisier)")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.md"))
    args = parser.parse_args()
    seconds, single_steps, real_steps = (2.0, 1000, 300) if args.quick else (5.0, 3000, 1000)
    t_start = time.perf_counter()
    peak32 = matmul_peak(torch.float32)
    peak16 = matmul_peak(torch.bfloat16) if native_bf16(torch.device("cpu")) else None
    dream_rows = [
        "| game | single step, ms (numpy; torch path) | envs | env-steps/s | % of fp32 roofline | bf16 env-steps/s |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    ratio_rows = [
        "| game | real game (steps/s) | real twin: game + V + M (steps/s) | single dream step (steps/s) "
        "| PPO rollout collection, 64 dreams (env-steps/s) | PPO dream / real twin | CMA-ES generation 64 x 16 (s) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    games = [g for g in GAMES.values() if ships_weights(g)]
    for game in games:
        weights = pretrained_dir(game.name)
        print(f"{game.name}: dream ...", flush=True)
        single = single_latency_ms(game, weights, single_steps)
        single_torch = single_latency_ms(game, weights, single_steps, torch_path=True)
        flops = flops_per_step(weights)
        for n in (1, 64, 1024):
            sps = vector_throughput(game, weights, n, seconds)
            bf16 = ""
            if peak16 is not None and n == 1024:
                bf16 = f"{vector_throughput(game, weights, n, seconds, dtype='bfloat16'):,.0f}"
            first = f"{single:.3f} ({single_torch:.3f})" if n == 1 else ""
            dream_rows.append(
                f"| {game.name} | {first} | {n} | {sps:,.0f} | {100 * sps * flops / 1e9 / peak32:.0f}% | {bf16} |"
            )
        print(f"{game.name}: learners ...", flush=True)
        ppo = ppo_rollout_steps_per_s(game, weights)
        cma_seconds, _ = cma_generation_seconds(game, weights)
        print(f"{game.name}: real game ...", flush=True)
        if source_available(game):
            real = steps_per_second(make_source_env(game), real_steps)
            twin = steps_per_second(gym.make(game.real_id), real_steps)
            real_cells = f"{real:,.0f} | {twin:,.0f}"
            ratio = f"{ppo / twin:.0f}x"
        else:
            real_cells, ratio = "not installed | not installed", "n/a"
        ratio_rows.append(
            f"| {game.name} | {real_cells} | {1e3 / single:,.0f} | {ppo:,.0f} | {ratio} | {cma_seconds:.1f} |"
        )
    minutes = (time.perf_counter() - t_start) / 60
    report = "\n".join(
        [
            f"# dreamgym speed benchmark ({date.today().isoformat()})",
            "",
            f"`python benchmarks/run.py{' --quick' if args.quick else ''}`, {minutes:.1f} minutes, shipped weights "
            f"(games without shipped weights are left out: "
            f"{', '.join(g.name for g in GAMES.values() if g not in games) or 'none'}).",
            "",
            *machine_lines(peak32, peak16),
            "",
            "## Dreams",
            "",
            *dream_rows,
            "",
            "## Learners in the dream against the real game (same run)",
            "",
            *ratio_rows,
            "",
            "Targets (issue 18): single step < 0.2 ms; 1024-env Take Cover >= 70% of the fp32 roofline; bf16 >= 1.8x "
            "fp32 where native; PPO rollout collection >= 20x the real twin.",
            "",
        ]
    )
    args.out.write_text(report)
    print(report)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
