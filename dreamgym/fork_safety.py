"""Forked children use one torch thread: torch's OpenMP pool does not survive ``fork``, and a child that enters a
parallel op with the parent's pool size hangs forever (e.g. ``AsyncVectorEnv`` or SB3's ``SubprocVecEnv`` with the
default ``fork`` context, after the parent built an env)."""

from __future__ import annotations

import os

import torch

_registered = False


def _one_thread_in_child() -> None:
    torch.set_num_threads(1)


def register() -> None:
    """Install the after-fork hook once per process (idempotent)."""
    global _registered
    if not _registered and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_one_thread_in_child)
        _registered = True
