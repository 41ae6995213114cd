"""Counter-based random numbers: draws are a pure function of (episode key, step counter, lane).

This is what lets one batched tensor op step 1024 dreams while each dream stays exactly the trajectory a single
env with the same seed would produce: there is no generator state shared between envs.
"""

from __future__ import annotations

import functools
import math

import torch

_M32 = 0xFFFFFFFF


def _mix32(x: torch.Tensor) -> torch.Tensor:
    """A 32-bit integer hash (good avalanche); values stay below 2**59 so int64 never overflows."""
    x = ((x >> 16) ^ x) * 0x45D9F3B & _M32
    x = ((x >> 16) ^ x) * 0x45D9F3B & _M32
    return (x >> 16) ^ x


@functools.lru_cache(maxsize=16)
def _lanes(n: int, device: torch.device) -> torch.Tensor:
    return _mix32((torch.arange(n, device=device) * 0x85EBCA6B + 0x27D4EB2F) & _M32).unsqueeze(0)


def uniform(key: torch.Tensor, counter: torch.Tensor, n: int) -> torch.Tensor:
    """Float32 ``(B, n)`` uniforms in (0, 1) for int64 ``key`` and ``counter`` of shape ``(B,)``."""
    base = _mix32(key ^ _mix32((counter * 0x9E3779B1) & _M32)).unsqueeze(1)
    u = _mix32(_mix32(base ^ _lanes(n, key.device)) + base & _M32)
    return ((u >> 8).float() + 0.5) * (1.0 / (1 << 24))


def box_muller(u1: torch.Tensor, u2: torch.Tensor) -> torch.Tensor:
    """Standard normals from two independent uniform tensors in (0, 1)."""
    return torch.sqrt(-2.0 * torch.log(u1)) * torch.cos((2.0 * math.pi) * u2)
