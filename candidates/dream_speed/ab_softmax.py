"""A/B in one process: the batched dream's env-steps/s with the mixture pick's softmax over the last dimension (five
components; before) and over a (component, z) layout (after), in float32 and (where bf16 is native) bfloat16,
alternating 3-second windows. Run from the repo root: ``python candidates/dream_speed/ab_softmax.py DreamTakeCover-v0 1024``."""

from __future__ import annotations

import sys

import gymnasium as gym
import torch
from windows import alternating_rates

import dreamgym  # noqa: F401
from dreamgym.envs import dynamics
from dreamgym.hardware import native_bf16
from dreamgym.models.mdnrnn import MDNOutput, sample_mixture


def last_dim_sample(
    out: MDNOutput, temperature: torch.Tensor, uniform: torch.Tensor, normal: torch.Tensor
) -> torch.Tensor:
    """``sample_mixture`` as before: the softmax and cumulative sums over the components, the last dimension."""
    tau = torch.as_tensor(temperature, dtype=out.logits.dtype)
    tau = tau.unsqueeze(-1) if tau.dim() == 1 else tau
    probs = torch.softmax(out.logits / tau.unsqueeze(-1), dim=-1)
    k = (probs.cumsum(-1) < uniform.unsqueeze(-1)).sum(-1, keepdim=True).clamp_(max=out.logits.shape[-1] - 1)
    mu = out.mu.gather(-1, k).squeeze(-1)
    return mu + out.logsigma.gather(-1, k).squeeze(-1).exp() * torch.sqrt(tau) * normal


def main() -> None:
    env_id, num_envs = sys.argv[1], int(sys.argv[2])
    dtypes = ["float32", "bfloat16"] if native_bf16(torch.device("cpu")) else ["float32"]
    envs = {
        f"{d} {when}": gym.make_vec(env_id, num_envs=num_envs, dtype=d) for d in dtypes for when in ("before", "after")
    }

    def patch(name: str) -> None:
        dynamics.sample_mixture = last_dim_sample if name.endswith("before") else sample_mixture

    print(env_id, num_envs, alternating_rates(envs, before_window=patch))


if __name__ == "__main__":
    main()
