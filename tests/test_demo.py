"""`dreamgym demo`: every shipped controller plays its dream and a GIF is written per dream."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from dreamgym.demo import DemoArgs, demo
from dreamgym.testing import shipped_dream_ids


def test_demo_plays_every_shipped_controller_in_its_dream(tmp_path: Path) -> None:
    rows = demo(DemoArgs(episodes=1, seed=3, out=tmp_path, gif_frames=4, real=False))
    assert [r["env"] for r in rows] == shipped_dream_ids()
    assert all(r["policy"] == "shipped controller" and np.isfinite(r["mean"]) for r in rows)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{env_id}.gif" for env_id in shipped_dream_ids())
