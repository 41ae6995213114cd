"""The single env's numpy step is the torch step: from the same state the same observation, reward and termination
(shipped weights, both games, both terminations)."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

from dreamgym.errors import ActionError
from dreamgym.testing import shipped_dream_ids


@pytest.mark.parametrize("env_id", shipped_dream_ids())
@pytest.mark.parametrize("termination", ["threshold", "sample"])
def test_numpy_step_matches_the_torch_step(env_id: str, termination: str) -> None:
    fast = gym.make(env_id, termination=termination, temperature=1.2).unwrapped
    slow = gym.make(env_id, termination=termination, temperature=1.2).unwrapped
    assert fast._fast is not None
    slow._fast = None  # the torch path, as the vector env steps
    space = fast.action_space
    space.seed(3)
    seed = 0
    a, b = fast.reset(seed=seed)[0], slow.reset(seed=seed)[0]
    for _ in range(400):
        np.testing.assert_allclose(a, b, atol=1e-5)
        action = space.sample()
        a, ra, ta, _, ia = fast.step(action)
        b, rb, tb, _, ib = slow.step(action)
        np.testing.assert_allclose(a, b, atol=1e-5)  # the same mixture picks and draws: else a difference of ~1
        assert ta == tb and ra == pytest.approx(rb, rel=1e-5, abs=1e-5)  # float32 sums: LunarLander pays up to 100
        assert ia["done_probability"] == pytest.approx(ib["done_probability"], abs=1e-5)
        if ta:
            seed += 1
            a, b = fast.reset(seed=seed)[0], slow.reset(seed=seed)[0]
        else:  # each step from the same state: rounding differences (BLAS kernels differ by CPU) grow along an episode
            for name in ("z", "h", "c"):
                getattr(fast._dream, name).copy_(getattr(slow._dream, name))
            a = b
    z_only = gym.make(env_id, observation="z").unwrapped
    z_only.reset(seed=0)
    assert z_only.step(space.sample())[0].shape == (z_only.observation_space.shape[0],)


def test_the_fast_action_check_still_refuses_bad_actions() -> None:
    env = gym.make("DreamTakeCover-v0")
    env.reset(seed=0)
    for ok in (0, np.int64(2), np.array(1)):
        env.step(ok)
    for bad in (3, -1, True, 1.0, "1", np.array([1])):
        with pytest.raises(ActionError):
            env.step(bad)


@pytest.mark.parametrize("shape", [(2048, 547), (1024, 291), (482, 512), (7, 3)])
def test_row_blocks_give_the_whole_product_bit_for_bit(shape: tuple[int, int]) -> None:
    from dreamgym.envs.single_step import BLOCK_ELEMENTS, _row_blocks

    rng = np.random.default_rng(0)
    w, x = rng.standard_normal(shape, dtype=np.float32), rng.standard_normal(shape[1], dtype=np.float32)
    out = np.full(shape[0], np.nan, np.float32)
    blocks = _row_blocks(w)
    assert all(b.size <= max(BLOCK_ELEMENTS, 64 * shape[1]) for b, _ in blocks)
    for b, rows in blocks:
        np.dot(b, x, out=out[rows])
    np.testing.assert_array_equal(out, w @ x)


def test_a_block_of_draws_is_the_counter_generator_bit_for_bit() -> None:
    import torch

    from dreamgym.envs import counter_rng
    from dreamgym.envs.single_step import SingleStep, uniform_block

    env = gym.make("DreamTakeCover-v0").unwrapped
    lanes = SingleStep(env._dream).lanes
    key, start, steps = 0xDEADBEEF12, 37, 40
    block = uniform_block(key, start, steps, lanes)
    counters = torch.arange(start, start + steps)
    base = counter_rng.step_base(key, counters)
    expected = counter_rng.lane_uniforms_torch(base, len(lanes)).numpy()  # the int64 definition
    np.testing.assert_array_equal(block, expected)
