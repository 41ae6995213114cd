"""`dreamgym zoo`: a zoo for weights with a new V keeps the old zoo's blind policies and fills the other roles with
a controller run's policies, or fails with a clear error and leaves nothing behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from dreamgym.cli import main
from dreamgym.envs import GAMES
from dreamgym.errors import ConfigError, WeightsNotFoundError
from dreamgym.models import MDNRNN, ControllerConfig, LinearController, MemoryController
from dreamgym.training.fidelity import REAL_CACHE
from dreamgym.training.make_zoo import ZooArgs, make_zoo
from dreamgym.training.zoo import ZOO_FILE, check_vision, file_fingerprint, load_zoo, policy_fingerprint
from dreamgym.weights import load_controller, load_mdnrnn, load_world_model, save_controller

TAKECOVER = GAMES["takecover"]


def _controller(path: Path, inputs: int, bias: float = 0.0) -> Path:
    c = LinearController(ControllerConfig(inputs, 1, "threshold3"))
    with torch.no_grad():
        c.bias.fill_(bias)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_controller(c, path)
    return path


def _inputs(weights: Path) -> int:
    wm = load_world_model(weights)
    return wm.vae.config.z_size + wm.mdnrnn.config.hidden_size


@pytest.fixture
def setup(tiny_weights_by_game: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """A base zoo (blind probes, a controller with two copies, an MLP-less second file) and a run directory."""
    weights = tiny_weights_by_game["takecover"]
    base = tmp_path / "base"
    _controller(base / "c.safetensors", 7)  # trained on another V: another observation size
    _controller(base / "other.safetensors", 7)
    policies = [
        {"name": "random", "probe": "random"},
        {"name": "still", "probe": "constant:0"},
        {"name": "controller v1", "file": "c.safetensors"},
        {"name": "controller v1 eps 0.1", "file": "c.safetensors", "epsilon": 0.1},
        {"name": "controller v1 pnoise 0.3", "file": "c.safetensors", "param_noise": 0.3, "noise_seed": 1},
        {"name": "other", "file": "other.safetensors"},
    ]
    (base / ZOO_FILE).write_text(
        json.dumps({"format_version": 1, "game": "takecover", "zoo_version": 3, "policies": policies})
    )
    zoo = load_zoo(base, TAKECOVER)
    cache = {f"{policy_fingerprint(p, base)}-{'blind' if p.blind else 'abc'}/1000": 1.0 for p in zoo.policies}
    (base / REAL_CACHE).write_text(json.dumps(cache))
    run = tmp_path / "run"
    for name, bias in (("controller_mean", 0.0), ("controller_mean_gen10", 0.1), ("controller_mean_gen20", 0.2)):
        _controller(run / f"{name}.safetensors", _inputs(weights), bias)
    return {"weights": weights, "base": base, "run": run, "out": tmp_path / "zoo_r8"}


def test_a_new_zoo_keeps_the_blind_policies_and_fills_the_rest_from_the_run(setup: dict[str, Path]) -> None:
    out = make_zoo(ZooArgs("takecover", setup["weights"], setup["run"], setup["out"], "r8", base=setup["base"]))
    zoo = load_zoo(out, TAKECOVER)
    assert [p.name for p in zoo.policies] == [
        "random",
        "still",
        "controller r8",
        "controller r8 eps 0.1",
        "controller r8 pnoise 0.3",
        "cma r8 gen 10",
        "cma r8 gen 20",
    ]
    assert zoo.version == 4 and zoo.vision == file_fingerprint(setup["weights"] / "vae.safetensors")
    check_vision(zoo, zoo.policies, setup["weights"] / "vae.safetensors")
    copies = {p.name: p for p in zoo.policies}
    assert copies["controller r8 eps 0.1"].epsilon == 0.1
    assert (copies["controller r8 pnoise 0.3"].param_noise, copies["controller r8 pnoise 0.3"].noise_seed) == (0.3, 1)
    # the tiny weights carry a controller, so it is the centre (before the run's mean); the kept means follow
    center = (out / "controller_r8.safetensors").read_bytes()
    assert center == (setup["weights"] / "controller.safetensors").read_bytes()
    assert (out / "cma_r8_gen20.safetensors").read_bytes() == (
        setup["run"] / "controller_mean_gen20.safetensors"
    ).read_bytes()
    memory = out / "mdnrnn_r8.safetensors"
    assert memory.read_bytes() == (setup["weights"] / "mdnrnn.safetensors").read_bytes()
    assert all(p.memory == memory.name for p in zoo.policies if not p.blind)
    cache = json.loads((out / REAL_CACHE).read_text())
    assert len(cache) == 2 and all("-blind/" in k for k in cache)  # the blind policies' returns carry over


def test_a_controller_carrying_its_own_m_enters_as_its_linear_part_and_that_m(
    setup: dict[str, Path], tmp_path: Path
) -> None:
    wm = load_world_model(setup["weights"])
    torch.manual_seed(3)
    own = MDNRNN(wm.mdnrnn.config)
    bundled = tmp_path / "bundled.safetensors"
    save_controller(MemoryController(wm.controller, own), bundled, {"game": "takecover"})
    args = ZooArgs("takecover", setup["weights"], setup["run"], setup["out"], "r8", base=setup["base"])
    out = make_zoo(ZooArgs(**{**args.__dict__, "controller": bundled}))
    linear = load_controller(out / "controller_r8.safetensors")[0]
    assert isinstance(linear, LinearController) and torch.equal(linear.get_flat(), wm.controller.get_flat())
    memory = load_mdnrnn(out / "mdnrnn_r8.safetensors")[0]
    assert all(torch.equal(a, b) for a, b in zip(memory.state_dict().values(), own.state_dict().values(), strict=True))


def test_bad_zoo_requests_get_clear_errors_and_leave_nothing(setup: dict[str, Path], tmp_path: Path) -> None:
    args = ZooArgs("takecover", setup["weights"], setup["run"], setup["out"], "r8", base=setup["base"])
    wide = _controller(tmp_path / "wide.safetensors", 999)
    with pytest.raises(ConfigError, match="'controller r8' does not fit"):
        make_zoo(ZooArgs(**{**args.__dict__, "controller": wide}))
    assert not setup["out"].exists() and not list(tmp_path.glob(".zoo_r8*"))
    with pytest.raises(WeightsNotFoundError, match="not a directory"):
        make_zoo(ZooArgs(**{**args.__dict__, "run": tmp_path / "nowhere"}))
    with pytest.raises(ConfigError, match="--label"):
        make_zoo(ZooArgs(**{**args.__dict__, "label": "r 8/x"}))
    with pytest.raises(WeightsNotFoundError, match=r"no vae\.safetensors"):
        make_zoo(ZooArgs(**{**args.__dict__, "weights": tmp_path}))
    make_zoo(args)
    before = (setup["out"] / ZOO_FILE).read_text()
    with pytest.raises(ConfigError, match="not an empty directory"):
        make_zoo(ZooArgs(**{**args.__dict__, "label": "r9"}))
    assert (setup["out"] / ZOO_FILE).read_text() == before


def test_cli_zoo_writes_a_zoo_that_judges_the_weights(setup: dict[str, Path]) -> None:
    argv = ["zoo", "takecover", "--weights", str(setup["weights"]), "--run", str(setup["run"])]
    assert main([*argv, "--out", str(setup["out"]), "--label", "r8", "--base", str(setup["base"])]) == 0
    zoo = json.loads((setup["out"] / ZOO_FILE).read_text())
    assert zoo["description"].startswith(f"Made by `dreamgym zoo takecover --weights {setup['weights']}")
    assert main([*argv, "--out", str(setup["out"]), "--label", "r9"]) != 0  # exists: an error, not a trace
