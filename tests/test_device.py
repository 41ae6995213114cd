"""Precision is chosen by what the machine supports: bf16 only where it is native."""

from __future__ import annotations

import pytest
import torch

from dreamgym import hardware as device_module


@pytest.mark.parametrize(
    ("flags", "expected"),
    [({"avx2", "fma"}, False), ({"avx512f", "avx512_bf16"}, True), ({"amx_bf16", "avx2"}, True), (set(), False)],
)
def test_bf16_is_chosen_only_where_the_cpu_has_it(
    flags: set[str], expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(device_module, "cpu_flags", lambda: flags)
    assert device_module.native_bf16(torch.device("cpu")) is expected
