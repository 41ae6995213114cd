"""A diagnostic after round 21 (docs/carracing_round21.md), not a lever yet: the zoo in a dream whose measured
dimensions (the speed) are set to the mean of their most likely mixture component instead of being sampled. A
measurement is read exactly off each frame, so the dream's noise on it is model error; if the dream then stops
paying a standing or creeping car, a dream option for it is worth building. Prints the fidelity table and round 20's
two checks.

Usage: python candidates/carracing_round21/mode_speed.py WEIGHTS OUT   (from the repo root)
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import torch

import dreamgym.envs.dynamics as dynamics
from dreamgym.models.mdnrnn import MDNOutput, sample_mixture
from dreamgym.training.fidelity import FidelityArgs, fidelity
from dreamgym.weights import load_mdnrnn

ZOO = Path("pretrained/carracing/zoo")


def mode_sampler(measured: int) -> Callable[..., torch.Tensor]:
    """``sample_mixture`` with the last ``measured`` dimensions replaced by their most likely component's mean."""

    def sample(
        out: MDNOutput,
        temperature: torch.Tensor | float,
        uniform: torch.Tensor | None = None,
        normal: torch.Tensor | None = None,
    ) -> torch.Tensor:
        z = sample_mixture(out, temperature, uniform, normal)
        k = out.logits[..., -measured:, :].argmax(-1, keepdim=True)
        z[..., -measured:] = out.mu[..., -measured:, :].gather(-1, k).squeeze(-1)
        return z

    return sample


def main(weights: Path, out: Path) -> None:
    measured = load_mdnrnn(weights / "mdnrnn.safetensors")[0].config.measured
    dynamics.sample_mixture = mode_sampler(measured)
    fidelity(FidelityArgs("carracing", weights=weights, zoo=ZOO, episodes=20, seed=1000, out=out))
    for check in ("candidates/carracing_round18/speed_check.py", "candidates/carracing_round20/still_check.py"):
        subprocess.run([sys.executable, check, str(out / "fidelity.json")], check=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
