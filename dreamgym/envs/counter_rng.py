"""Counter-based random numbers: draws are a pure function of (episode key, step counter, lane).

This is what lets one batched tensor op step 1024 dreams while each dream stays exactly the trajectory a single
env with the same seed would produce: there is no generator state shared between envs.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import torch

_M32 = 0xFFFFFFFF
_C = np.uint32(0x45D9F3B)


def _mix32(x: torch.Tensor) -> torch.Tensor:
    """A 32-bit integer hash (good avalanche); values stay below 2**59 so int64 never overflows."""
    x = ((x >> 16) ^ x) * 0x45D9F3B & _M32
    x = ((x >> 16) ^ x) * 0x45D9F3B & _M32
    return (x >> 16) ^ x


@functools.lru_cache(maxsize=16)
def _lanes(n: int, device: torch.device) -> torch.Tensor:
    return _mix32((torch.arange(n, device=device) * 0x85EBCA6B + 0x27D4EB2F) & _M32).unsqueeze(0)


@functools.lru_cache(maxsize=16)
def lanes_u32(n: int) -> np.ndarray:
    """The ``n`` mixed lane constants as uint32 (read-only)."""
    lanes = _lanes(n, torch.device("cpu"))[0].numpy().astype(np.uint32)
    lanes.flags.writeable = False
    return lanes


def _mix32_u32_(x: np.ndarray, tmp: np.ndarray) -> np.ndarray:
    """:func:`_mix32` in place on uint32 ``x`` (products wrap modulo 2**32, as the ``& 0xFFFFFFFF`` does)."""
    for _ in range(2):
        np.right_shift(x, 16, out=tmp)
        x ^= tmp
        x *= _C
    np.right_shift(x, 16, out=tmp)
    x ^= tmp
    return x


def lane_uniforms(base: np.ndarray, lanes: np.ndarray) -> np.ndarray:
    """Float32 ``(B, n)`` uniforms from uint32 per-row ``base`` ``(B,)`` and ``lanes`` ``(n,)``: the lane half of
    :func:`uniform` in 32-bit numpy, the same numbers at half the memory traffic (AVX2 has no 64-bit vector product)."""
    base = base[:, None]
    x = base ^ lanes
    tmp = np.empty_like(x)
    _mix32_u32_(x, tmp)
    x += base
    _mix32_u32_(x, tmp)
    x >>= 8
    u = x.astype(np.float32)
    u += np.float32(0.5)
    u *= np.float32(1.0 / (1 << 24))
    return u


def step_base(key: torch.Tensor, counter: torch.Tensor) -> torch.Tensor:
    """The int64 per-step hash of (episode key, step counter), below 2**32: what every lane of that step mixes in."""
    return _mix32(key ^ _mix32((counter * 0x9E3779B1) & _M32))


def uniform(key: torch.Tensor, counter: torch.Tensor, n: int) -> torch.Tensor:
    """Float32 ``(B, n)`` uniforms in (0, 1) for int64 ``key`` and ``counter`` of shape ``(B,)``."""
    base = step_base(key, counter)
    if base.device.type == "cpu":
        return torch.from_numpy(lane_uniforms(base.numpy().astype(np.uint32), lanes_u32(n)))
    return lane_uniforms_torch(base, n)


def lane_uniforms_torch(base: torch.Tensor, n: int) -> torch.Tensor:
    """:func:`lane_uniforms` in int64 torch on ``base``'s device (the definition; the CPU uses the numpy one)."""
    base = base.unsqueeze(1)
    u = _mix32(_mix32(base ^ _lanes(n, base.device)) + base & _M32)
    return ((u >> 8).float() + 0.5) * (1.0 / (1 << 24))


def box_muller(u1: torch.Tensor, u2: torch.Tensor) -> torch.Tensor:
    """Standard normals from two independent uniform tensors in (0, 1)."""
    return torch.sqrt(-2.0 * torch.log(u1)) * torch.cos((2.0 * math.pi) * u2)
