"""Device selection and CPU speed settings shared by the training stages."""

from __future__ import annotations

import contextlib

import torch

from dreamgym.errors import ConfigError
from dreamgym.hardware import cpu_flags, native_bf16

__all__ = ["autocast", "cpu_flags", "native_bf16", "resolve_device"]


def resolve_device(device: str) -> torch.device:
    """``cpu``, ``cuda`` or ``cuda:N``; a clear error if CUDA was asked for and is absent."""
    try:
        dev = torch.device(device)
    except (RuntimeError, TypeError) as e:
        raise ConfigError(f"--device must be cpu or cuda[:N], got {device!r}") from e
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ConfigError(f"--device {device} was asked for but CUDA is not available here; use --device cpu")
    return dev


def autocast(device: torch.device, bf16: bool) -> contextlib.AbstractContextManager:
    """bf16 autocast where asked for (about 1.75x on VAE training on this CPU), else a no-op."""
    if not bf16:
        return contextlib.nullcontext()
    return torch.autocast(device.type, dtype=torch.bfloat16)
