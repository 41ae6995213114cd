"""What this machine's CPU (or GPU) does natively, so precision is chosen by measurement of the hardware, never
assumed."""

from __future__ import annotations

import torch


def cpu_flags() -> set[str]:
    """The CPU's feature flags (``/proc/cpuinfo``; empty where it cannot be read)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def native_bf16(device: torch.device) -> bool:
    """Whether bf16 is fast here: a CUDA GPU that supports it, or a CPU with avx512_bf16 or AMX. Elsewhere torch
    emulates bf16 on the CPU, ten to a hundred times slower than fp32, so it must never be assumed."""
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    return bool(cpu_flags() & {"avx512_bf16", "amx_bf16"})
