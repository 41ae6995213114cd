"""The installed package, not the checkout: build the wheel, install it outside the repo, and use it from
another directory (the shipped weights load from inside the package)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # end to end and slow: CI runs them with `pytest -m slow`

REPO = Path(__file__).resolve().parent.parent

USE = """
import gymnasium as gym, dreamgym, sys
from pathlib import Path
assert Path(dreamgym.__file__).is_relative_to(sys.argv[1]), dreamgym.__file__
from dreamgym.weights import pretrained_root
assert Path(pretrained_root()).is_relative_to(sys.argv[1]), pretrained_root()
from dreamgym.testing import shipped_dream_ids
ids = shipped_dream_ids()
assert len(ids) >= 2, ids  # the games whose weights ship, found inside the installed package
for env_id in ids:
    env = gym.make(env_id)
    env.reset(seed=0)
    env.step(env.action_space.sample())
    env.close()
print("used", len(ids))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        if "hatchling" in proc.stderr and "No module named" in proc.stderr:
            pytest.skip("building a wheel needs hatchling (pip install hatchling)")
        raise AssertionError(proc.stderr[-3000:])
    (path,) = out.glob("dreamgym-*.whl")
    return path


def test_wheel_carries_the_package_and_weights_but_no_runs_or_docs(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "dreamgym/pretrained/takecover/mdnrnn.safetensors" in names
    assert "dreamgym/pretrained/takecover/zoo/zoo.json" in names
    assert not [n for n in names if n.startswith(("runs/", "docs/", "tests/")) or "/runs/" in n or n.endswith(".npz")]
    # three games' weights and zoos (86 MiB today); PyPI refuses files over 100 MB unless the project asks for more
    assert wheel.stat().st_size < 100 * 10**6


def test_installed_wheel_works_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", USE, str(target)], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0 and "used" in proc.stdout, proc.stderr[-3000:]
    helped = subprocess.run(
        [sys.executable, "-m", "dreamgym.cli", "--help"], cwd=cwd, env=env, capture_output=True, text=True
    )
    for command in ("collect", "train", "encode", "evaluate", "pipeline", "fidelity", "report", "play", "demo"):
        assert command in helped.stdout
