"""Counter-based random numbers: draws are a pure function of (episode key, step, stream, lane).

This is what lets one batched tensor op step 1024 dreams while each dream stays bit-for-bit the trajectory
a single env with the same seed would produce: no shared generator state between envs.
"""

from __future__ import annotations

import math

import torch

_M32 = 0xFFFFFFFF


def _mix32(x: torch.Tensor) -> torch.Tensor:
    """A 32-bit integer hash (good avalanche); values stay below 2**59 so int64 never overflows."""
    x = ((x >> 16) ^ x) * 0x45D9F3B & _M32
    x = ((x >> 16) ^ x) * 0x45D9F3B & _M32
    return (x >> 16) ^ x


def uniform(key: torch.Tensor, counter: torch.Tensor, stream: int, n: int) -> torch.Tensor:
    """Float32 ``(B, n)`` uniform in (0, 1) for int64 ``key`` and ``counter`` of shape ``(B,)``."""
    base = _mix32(key ^ _mix32((counter * 0x9E3779B1 + stream * 0x7F4A7C15) & _M32))
    lane = _mix32((torch.arange(n, device=key.device) * 0x85EBCA6B + stream) & _M32)
    u = _mix32(base.unsqueeze(1) ^ lane.unsqueeze(0))
    u = _mix32((u + base.unsqueeze(1)) & _M32)
    return ((u >> 8).float() + 0.5) * (1.0 / (1 << 24))


def normal(key: torch.Tensor, counter: torch.Tensor, stream: int, n: int) -> torch.Tensor:
    """Float32 ``(B, n)`` standard normal by Box-Muller from two uniform streams."""
    u1 = uniform(key, counter, 2 * stream + 101, n)
    u2 = uniform(key, counter, 2 * stream + 102, n)
    return torch.sqrt(-2.0 * torch.log(u1)) * torch.cos((2.0 * math.pi) * u2)
