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


def test_bf16_dream_is_refused_where_bf16_is_emulated(tiny_weights, monkeypatch: pytest.MonkeyPatch) -> None:
    import gymnasium as gym

    from dreamgym.envs import dynamics
    from dreamgym.errors import ConfigError

    w = tiny_weights["DreamTakeCover-v0"]
    monkeypatch.setattr(dynamics, "native_bf16", lambda device: False)
    with pytest.raises(ConfigError, match="emulate"):
        gym.make("DreamTakeCover-v0", weights=w, dtype="bfloat16")
    with pytest.raises(ConfigError, match="dtype must be one of"):
        gym.make("DreamTakeCover-v0", weights=w, dtype="float16")


@pytest.mark.parametrize("env_id", ["DreamTakeCover-v0", "DreamCarRacing-v0"])
def test_bf16_dream_stays_close_to_float32(env_id: str, tiny_weights, monkeypatch: pytest.MonkeyPatch) -> None:
    import gymnasium as gym
    import numpy as np

    from dreamgym.envs import dynamics

    monkeypatch.setattr(dynamics, "native_bf16", lambda device: True)  # correctness, wherever the test runs
    w = tiny_weights[env_id]
    full = gym.make_vec(env_id, num_envs=4, weights=w)
    low = gym.make_vec(env_id, num_envs=4, weights=w, dtype="bfloat16")
    a, b = full.reset(seed=2)[0], low.reset(seed=2)[0]
    np.testing.assert_array_equal(a, b)
    low.action_space.seed(0)
    action = low.action_space.sample()
    a, b = full.step(action)[0], low.step(action)[0]
    assert b.dtype == np.float32 and np.abs(a - b).max() < 0.05  # bf16 keeps ~3 significant digits
    assert low.unwrapped.batch.low is not None and full.unwrapped.batch.low is None
