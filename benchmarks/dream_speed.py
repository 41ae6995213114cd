"""Dream speed: single-env step latency, vector-env throughput at 1/64/1024 envs, and the machine's matmul roofline.

Run: ``python benchmarks/dream_speed.py`` (about 2 minutes on 2 cores). Uses the shipped weights when present,
else paper-sized random models. Prints a markdown table. Targets (not enforced): vector dream >= 70% of the
fp32 roofline at 1024 envs, single-env step < 0.2 ms with latent observations.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import gymnasium as gym
import numpy as np
import torch

import dreamgym  # noqa: F401
from dreamgym.envs import GAMES
from dreamgym.envs.spec import GameSpec
from dreamgym.testing import write_random_world_model
from dreamgym.training.device import native_bf16
from dreamgym.weights import load_mdnrnn, pretrained_dir


def matmul_peak(dtype: torch.dtype, n: int = 2048, repeats: int = 10) -> float:
    """Best dense matmul GFLOP/s over ``repeats`` n x n products."""
    a, b = torch.randn(n, n, dtype=dtype), torch.randn(n, n, dtype=dtype)
    torch.mm(a, b)
    best = 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        torch.mm(a, b)
        best = max(best, 2 * n**3 / (time.perf_counter() - t0) / 1e9)
    return best


def flops_per_step(weights: Path) -> float:
    """Multiply-adds x 2 of one M step (LSTM cell + heads) for one env."""
    c = load_mdnrnn(weights / "mdnrnn.safetensors")[0].config
    lstm = 2 * 4 * c.hidden_size * (c.z_size + c.action_size + c.hidden_size)
    heads = 2 * c.hidden_size * (3 * c.mixtures * c.z_size + int(c.reward_head) + int(c.done_head))
    return float(lstm + heads)


def _actions(game: GameSpec, n: int | None) -> np.ndarray:
    if game.discrete_actions:
        return np.zeros(n, np.int64) if n else np.int64(0)
    a = np.array([0.0, 0.5, 0.0], np.float32)
    return np.tile(a, (n, 1)) if n else a


def single_latency_ms(game: GameSpec, weights: Path, steps: int, torch_path: bool = False) -> float:
    """Mean ms of one single-env dream step with latent observations (the numpy path, or the torch path)."""
    env = gym.make(game.dream_id, weights=weights).unwrapped  # the bare env: no checker wrappers
    if torch_path:
        env._fast = None  # the batched torch step on a batch of one (what the single env did before its numpy step)
    env.reset(seed=0)
    action = _actions(game, None)
    for _ in range(50):
        env.step(action)
    t0 = time.perf_counter()
    for _ in range(steps):
        _, _, term, _, _ = env.step(action)
        if term:
            env.reset()
    return (time.perf_counter() - t0) / steps * 1e3


def vector_throughput(game: GameSpec, weights: Path, num_envs: int, seconds: float, **kwargs: object) -> float:
    """Env-steps/s of the batched dream at ``num_envs`` envs, constant actions, over about ``seconds`` s."""
    env = gym.make_vec(game.dream_id, num_envs=num_envs, weights=weights, **kwargs)
    env.reset(seed=0)
    actions = _actions(game, num_envs)
    for _ in range(5):
        env.step(actions)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        env.step(actions)
        n += 1
    return n * num_envs / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0, help="time per vector measurement")
    parser.add_argument("--single-steps", type=int, default=3000)
    args = parser.parse_args()
    peak32 = matmul_peak(torch.float32)
    # bf16 is measured only where it is native: elsewhere torch emulates it and the probe alone ran for 9+ minutes
    native = native_bf16(torch.device("cpu"))
    bf16 = f"bf16 {matmul_peak(torch.bfloat16):.0f} GFLOP/s" if native else "bf16 not native on this CPU (not measured)"
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} threads, CPU kernels "
        f"{torch.backends.cpu.get_cpu_capability()}; matmul peak fp32 {peak32:.0f} GFLOP/s, {bf16}\n"
    )
    rows = [
        "| game | weights | single step (ms, latent obs; torch path) | M weights (MB) | envs | env-steps/s | GFLOP/s "
        "| % of fp32 roofline |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for game in GAMES.values():
            weights = pretrained_dir(game.name)
            kind = "shipped"
            if not (weights / "mdnrnn.safetensors").exists():
                weights, kind = write_random_world_model(Path(tmp) / game.name, game), "random, paper-sized"
            single = single_latency_ms(game, weights, args.single_steps)
            single_torch = single_latency_ms(game, weights, args.single_steps, torch_path=True)
            flops = flops_per_step(weights)
            megabytes = flops / 2 * 4 / 1e6  # fp32 weights read once per single-env step: the memory-bound floor
            for n in (1, 64, 1024):
                sps = vector_throughput(game, weights, n, args.seconds)
                gflops = sps * flops / 1e9
                rows.append(
                    f"| {game.name} | {kind} | {single:.3f} ({single_torch:.3f}) | {megabytes:.1f} | {n} | {sps:,.0f} "
                    f"| {gflops:.1f} | "
                    f"{100 * gflops / peak32:.0f}% |"
                )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
