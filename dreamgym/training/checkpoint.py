"""Resumable training checkpoints as safetensors (model, Adam state, progress): never a pickle."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import torch
from torch import nn

from dreamgym.weights import atomic_save, read_safetensors


def save_checkpoint(
    path: Path, model: nn.Module, optimizer: torch.optim.Optimizer | None, progress: dict[str, Any]
) -> None:
    """Write model and optimizer tensors plus a JSON ``progress`` record, atomically."""
    tensors = {f"model/{k}": v for k, v in model.state_dict().items()}
    groups: list[dict[str, Any]] = []
    if optimizer is not None:
        state = optimizer.state_dict()
        for idx, s in state["state"].items():
            for k, v in s.items():
                tensors[f"opt/{idx}/{k}"] = torch.as_tensor(v, dtype=torch.float32).reshape(-1) if k == "step" else v
        groups = state["param_groups"]
    meta = {"dreamgym_kind": "checkpoint", "progress": json.dumps(progress), "param_groups": json.dumps(groups)}
    atomic_save(tensors, path, meta)


def load_checkpoint(path: Path, model: nn.Module, optimizer: torch.optim.Optimizer | None) -> dict[str, Any] | None:
    """Restore a checkpoint written by :func:`save_checkpoint`; returns its progress, or None if absent."""
    if not os.path.exists(path):
        return None
    tensors, meta = read_safetensors(path, "checkpoint")
    model.load_state_dict({k[len("model/") :]: v for k, v in tensors.items() if k.startswith("model/")})
    if optimizer is not None and meta.get("param_groups"):
        state: dict[int, dict[str, torch.Tensor]] = {}
        for k, v in tensors.items():
            if k.startswith("opt/"):
                _, idx, name = k.split("/", 2)
                state.setdefault(int(idx), {})[name] = v.reshape(()) if name == "step" else v
        optimizer.load_state_dict({"state": state, "param_groups": meta["param_groups"]})
    return meta["progress"]
