"""A small MLP policy (e.g. PPO's actor exported from Stable-Baselines3), runnable without SB3 installed."""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU}
OUTPUTS = ("argmax", "clip")


@dataclass(frozen=True)
class MLPPolicyConfig:
    """Architecture of an MLP policy.

    ``output``: ``"argmax"`` picks the largest logit (a ``Discrete`` action, SB3's deterministic choice);
    ``"clip"`` clips the output to ``[action_low, action_high]`` (a ``Box`` action, SB3's deterministic mean).
    """

    input_size: int
    hidden_sizes: tuple[int, ...]
    output_size: int
    activation: str = "tanh"
    output: str = "argmax"
    action_low: tuple[float, ...] = field(default_factory=tuple)
    action_high: tuple[float, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for name in ("hidden_sizes", "action_low", "action_high"):
            object.__setattr__(self, name, tuple(getattr(self, name)))  # JSON metadata gives lists
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {self.activation!r}")
        if self.output not in OUTPUTS:
            raise ValueError(f"output must be one of {OUTPUTS}, got {self.output!r}")
        if self.output == "clip" and not (len(self.action_low) == len(self.action_high) == self.output_size):
            raise ValueError("output 'clip' needs action_low and action_high of length output_size")


class MLPPolicy(nn.Module):
    """``obs -> action``: hidden layers with one activation, then a linear head mapped to an env action."""

    def __init__(self, config: MLPPolicyConfig) -> None:
        super().__init__()
        self.config = config
        layers: list[nn.Module] = []
        width = config.input_size
        for hidden in config.hidden_sizes:
            layers += [nn.Linear(width, hidden), ACTIVATIONS[config.activation]()]
            width = hidden
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(width, config.output_size)

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        """Env actions for observations ``(B, input_size)``: int64 ``(B,)`` or float ``(B, output_size)``."""
        out = self.head(self.body(obs))
        if self.config.output == "argmax":
            return out.argmax(dim=1)
        low = torch.tensor(self.config.action_low, dtype=out.dtype, device=out.device)
        high = torch.tensor(self.config.action_high, dtype=out.dtype, device=out.device)
        return torch.maximum(torch.minimum(out, high), low)
