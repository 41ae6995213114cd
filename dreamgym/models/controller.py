"""The controller C: the paper's linear ``a = f(tanh(W [z, h] + b))``, or with one tanh hidden layer, and a
game-specific action map."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

ACTION_MAPS = ("threshold3", "steer_gas_brake", "argmax", "box")


@dataclass(frozen=True)
class ControllerConfig:
    """Architecture of C.

    ``action_map``: ``"threshold3"`` maps one tanh output to a Discrete(3) of (no-op, right, left) (> 1/3: 1,
    < -1/3: 2, else 0); ``"steer_gas_brake"`` maps three outputs to (steer, (gas+1)/2, clip(brake, 0, 1));
    ``"argmax"`` picks the largest of n outputs (any ``Discrete(n)``); ``"box"`` scales each output from [-1, 1]
    to ``[action_low, action_high]`` (any ``Box``). ``hidden_size`` > 0 puts one tanh layer of that many units
    before the output layer (0: the paper's linear C).
    """

    input_size: int
    output_size: int
    action_map: str
    bias: bool = True
    action_low: tuple[float, ...] = ()
    action_high: tuple[float, ...] = ()
    hidden_size: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.hidden_size, int) or self.hidden_size < 0:
            raise ValueError(f"hidden_size must be an integer >= 0 (0: linear), got {self.hidden_size!r}")
        object.__setattr__(self, "action_map", _current_name(self.action_map))
        for name in ("action_low", "action_high"):  # JSON metadata gives lists
            object.__setattr__(self, name, tuple(float(v) for v in getattr(self, name)))


def _current_name(action_map: str) -> str:
    """Earlier releases named an action map after its game; controller files written then still load."""
    if action_map in ACTION_MAPS:
        return action_map
    from dreamgym.games import GAMES

    game = GAMES.get(action_map)
    return game.controller_map if game is not None and game.controller_map else action_map


class LinearController(nn.Module):
    """A linear layer with tanh (optionally after one tanh hidden layer); the action map turns it into an env action.

    Parameters start at zero: CMA-ES sets them (a flat vector: hidden weight and bias if any, then weight and bias).
    """

    def __init__(self, config: ControllerConfig) -> None:
        super().__init__()
        if config.action_map not in ACTION_MAPS:
            raise ValueError(f"action_map must be one of {ACTION_MAPS}, got {config.action_map!r}")
        if config.action_map == "box" and not len(config.action_low) == len(config.action_high) == config.output_size:
            raise ValueError("the box action map needs action_low and action_high, one bound per output")
        self.config = config
        width = config.hidden_size or config.input_size
        if config.hidden_size:
            self.hidden_weight = nn.Parameter(torch.zeros(config.hidden_size, config.input_size))
            self.hidden_bias = nn.Parameter(torch.zeros(config.hidden_size)) if config.bias else None
        self.weight = nn.Parameter(torch.zeros(config.output_size, width))
        self.bias = nn.Parameter(torch.zeros(config.output_size)) if config.bias else None

    @property
    def num_params(self) -> int:
        """Length of the flat parameter vector CMA-ES optimises."""
        return sum(p.numel() for p in self.parameters())

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        """Env actions for observations ``(B, input_size)``: int64 ``(B,)`` or float ``(B, 3)``."""
        if self.config.hidden_size:
            obs = torch.tanh(nn.functional.linear(obs, self.hidden_weight, self.hidden_bias))
        return map_action(torch.tanh(nn.functional.linear(obs, self.weight, self.bias)), self.config)

    def get_flat(self) -> torch.Tensor:
        """Parameters as one flat vector (each layer's weight row-major, then its bias; the hidden layer first)."""
        return torch.cat([p.detach().reshape(-1) for p in self.parameters()])

    @classmethod
    def from_flat(cls, config: ControllerConfig, theta: object) -> LinearController:
        """A controller with the flat parameters ``theta`` (e.g. one CMA-ES candidate)."""
        c = cls(config)
        c.set_flat(torch.as_tensor(np.asarray(theta, np.float32)))
        return c

    def set_flat(self, theta: torch.Tensor) -> None:
        """Load parameters from a flat vector laid out as :meth:`get_flat`."""
        theta = torch.as_tensor(theta, dtype=torch.float32)
        if theta.numel() != self.num_params:
            raise ValueError(f"expected {self.num_params} parameters, got {theta.numel()}")
        with torch.no_grad():
            start = 0
            for p in self.parameters():
                p.copy_(theta[start : start + p.numel()].view_as(p))
                start += p.numel()


def map_action(raw: torch.Tensor, config: ControllerConfig) -> torch.Tensor:
    """Turn tanh outputs ``(B, out)`` into env actions by the config's action map."""
    action_map = config.action_map
    if action_map == "threshold3":
        x = raw[:, 0]
        action = torch.zeros(x.shape, dtype=torch.int64, device=x.device)
        action[x > 1 / 3] = 1
        action[x < -1 / 3] = 2
        return action
    if action_map == "steer_gas_brake":
        steer = raw[:, 0]
        gas = (raw[:, 1] + 1) / 2
        brake = raw[:, 2].clamp(0, 1)
        return torch.stack([steer, gas, brake], dim=1)
    if action_map == "argmax":
        return raw.argmax(dim=1)
    if action_map == "box":
        low = torch.tensor(config.action_low, dtype=raw.dtype, device=raw.device)
        high = torch.tensor(config.action_high, dtype=raw.dtype, device=raw.device)
        return low + (raw + 1) / 2 * (high - low)
    raise ValueError(f"unknown action_map {action_map!r}; known: {ACTION_MAPS}")


def row_actions(config: ControllerConfig, thetas: torch.Tensor, owner: torch.Tensor, obs: torch.Tensor) -> torch.Tensor:
    """Actions of a batch whose row i is played by controller ``thetas[owner[i]]`` (rows may come in any order,
    e.g. the survivors of a compacted dream batch)."""
    mine = thetas[owner]
    x, start = obs, 0
    widths = [config.input_size, *([config.hidden_size] if config.hidden_size else []), config.output_size]
    for inp, out in itertools.pairwise(widths):
        w = mine[:, start : start + out * inp].view(-1, out, inp)
        x = torch.bmm(w, x.unsqueeze(2)).squeeze(2)
        start += out * inp
        if config.bias:
            x = x + mine[:, start : start + out]
            start += out
        x = torch.tanh(x)
    return map_action(x, config)
