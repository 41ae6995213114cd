"""Frame preprocessing: the fast block mean gives numpy's float32 mean bit for bit, at every frame size."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dreamgym.frames import preprocess_frames


@settings(max_examples=30, deadline=None)
@given(
    size=st.sampled_from([64, 128]),
    fh=st.integers(1, 4),
    fw=st.integers(1, 6),
    n=st.integers(1, 3),
    seed=st.integers(0, 2**16),
)
def test_block_mean_matches_numpys_mean(size: int, fh: int, fw: int, n: int, seed: int) -> None:
    frames = np.random.default_rng(seed).integers(0, 256, (n, size * fh + 5, size * fw, 3), dtype=np.uint8)
    crop = (5, 5 + size * fh, 0, size * fw)
    kept = frames[:, 5:]
    reference = kept.reshape(n, size, fh, size, fw, 3).mean(axis=(2, 4), dtype=np.float32)
    np.testing.assert_array_equal(preprocess_frames(frames, crop, size), np.round(reference).astype(np.uint8))
    np.testing.assert_array_equal(preprocess_frames(frames[0], crop, size), np.round(reference[0]).astype(np.uint8))


def test_sizes_that_do_not_divide_are_area_resized() -> None:
    frame = np.full((96, 96, 3), 200, np.uint8)
    out = preprocess_frames(frame, (0, 84, 0, 96), 64)
    assert out.shape == (64, 64, 3) and out.dtype == np.uint8 and (out == 200).all()
