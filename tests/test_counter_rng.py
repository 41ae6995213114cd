"""The counter-based generator's CPU path (32-bit numpy) against its int64 torch definition."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dreamgym.envs import counter_rng


@pytest.mark.parametrize("n", [1, 97, 193])
def test_the_cpu_draws_are_the_int64_definition_bit_for_bit(n: int) -> None:
    g = torch.Generator().manual_seed(n)
    key = torch.cat([torch.randint(0, 2**62, (300,), generator=g), torch.tensor([0, 2**32 - 1, 2**32, 2**59])])
    counter = torch.randint(0, 10**6, (len(key),), generator=g)
    base = counter_rng.step_base(key, counter)
    expected = counter_rng.lane_uniforms_torch(base, n)
    u = counter_rng.uniform(key, counter, n)
    assert u.dtype == torch.float32 and u.shape == (len(key), n)
    torch.testing.assert_close(u, expected, rtol=0, atol=0)
    assert 0 < float(u.min()) and float(u.max()) < 1


def test_the_lane_constants_cannot_be_changed_by_a_caller() -> None:
    lanes = counter_rng.lanes_u32(7)
    assert lanes.dtype == np.uint32
    with pytest.raises(ValueError):
        lanes[0] = 1
