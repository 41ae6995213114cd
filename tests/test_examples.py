"""Every example runs end to end on a tiny budget with tiny weights."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import gymnasium as gym
import numpy as np
import pytest
import torch

from dreamgym.envs import GAMES
from dreamgym.envs.sources import source_available

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
needs_vizdoom = pytest.mark.skipif(not source_available(GAMES["takecover"]), reason="vizdoom not installed")


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_example_has_a_docstring_with_a_run_line() -> None:
    for path in EXAMPLES.glob("*.py"):
        module = _load(path.stem)
        assert module.__doc__ and "Run:" in module.__doc__, path.name


def test_make_vec(tiny_weights: dict[str, Path]) -> None:
    rate = _load("make_vec").main(
        ["--num-envs", "16", "--seconds", "0.5", "--weights", str(tiny_weights["DreamTakeCover-v0"])]
    )
    assert rate > 0


@pytest.mark.skipif(not source_available(GAMES["carracing"]), reason="box2d not installed")
def test_carracing_speed_probe(tiny_weights: dict[str, Path]) -> None:
    weights = str(tiny_weights["DreamCarRacing-v0"])
    r2 = _load("carracing_speed_probe").main(["--weights", weights, "--episodes", "2", "--max-steps", "80"])
    assert set(r2) == {"z", "h", "z+h"} and all(np.isfinite(v) for v in r2.values())


@pytest.mark.parametrize("env_id", ["DreamTakeCover-v0", "DreamCarRacing-v0"])
def test_cma_controller(env_id: str, tiny_weights: dict[str, Path]) -> None:
    controller = _load("cma_controller").main(
        [
            "--env",
            env_id,
            "--weights",
            str(tiny_weights[env_id]),
            "--generations",
            "2",
            "--population",
            "4",
            "--rollouts",
            "2",
            "--max-steps",
            "20",
        ]
    )
    assert controller.num_params == (25 if env_id == "DreamTakeCover-v0" else 75)


@needs_vizdoom
@pytest.mark.parametrize("select", [False, True], ids=["last-actor", "dream-chosen"])
def test_sb3_ppo_takecover(select: bool, tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    pytest.importorskip("stable_baselines3")
    out = tmp_path / "ppo.json"
    weights = str(tiny_weights["DreamTakeCover-v0"])
    args = ["--timesteps", "256", "--n-envs", "4", "--episodes", "2", "--weights", weights, "--out", str(out)]
    selection = ["--select-every", "64", "--select-episodes", "2"] if select else []
    result = _load("sb3_ppo_takecover").main([*args, *selection])
    assert result["random"] > 0 and result["ppo"] > 0
    written = json.loads(out.read_text())
    assert written["seeds"] == [1000, 1001] and len(written["ppo_returns"]) == 2
    keys = ("ppo", "random", "ppo_dream", "random_dream") + (("ppo_last", "ppo_last_dream") if select else ())
    for key in keys:
        assert np.mean(written[f"{key}_returns"]) == pytest.approx(result[key])
    assert ("selection" in written) == select
    if select:
        history = written["selection"]["history"]
        assert written["selection"]["chosen_at"] == max(history, key=lambda h: h[1])[0]


def test_sb3_ppo_dream_refuses_an_out_file_it_cannot_write(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pytest.importorskip("stable_baselines3")
    with pytest.raises(SystemExit):
        _load("sb3_ppo_dream").main(["--out", str(tmp_path / "missing" / "ppo.json")])
    assert "no directory" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("env_id", "hidden"),
    [("DreamCarRacing-v0", "64,64"), ("DreamTakeCover-v0", "")],
    ids=["box-mlp", "discrete-linear"],
)
def test_sb3_ppo_dream_saves_a_policy_that_acts(
    env_id: str, hidden: str, tiny_weights: dict[str, Path], tmp_path: Path
) -> None:
    pytest.importorskip("stable_baselines3")
    from dreamgym.weights import load_mlp_policy

    out = tmp_path / "ppo.safetensors"
    weights = tiny_weights[env_id]
    args = ["--env", env_id, "--timesteps", "256", "--n-envs", "4", "--episodes", "0", "--actor-hidden", hidden]
    assert _load("sb3_ppo_dream").main([*args, "--weights", str(weights), "--save", str(out)]) == {}
    policy, meta = load_mlp_policy(out)
    assert policy.config.hidden_sizes == tuple(int(n) for n in hidden.split(",") if n)
    env = gym.make(env_id, weights=weights)
    obs, _ = env.reset(seed=0)
    with torch.no_grad():
        action = policy(torch.from_numpy(obs[None])).numpy()[0]
    assert env.action_space.contains(action.astype(env.action_space.dtype))
    assert f"sb3_ppo_dream.py --env {env_id}" in meta["command"]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--actor-hidden", "64,x"),
        ("--actor-hidden", "0"),
        ("--actor-hidden", "-8,8"),
        ("--gamma", "1.5"),
        ("--gamma", "0"),
        ("--n-epochs", "0"),
        ("--batch-size", "1"),
    ],
)
def test_sb3_ppo_dream_refuses_bad_options(option: str, value: str, capsys: pytest.CaptureFixture) -> None:
    pytest.importorskip("stable_baselines3")
    with pytest.raises(SystemExit):
        _load("sb3_ppo_dream").main([option, value])
    assert option in capsys.readouterr().err


@needs_vizdoom
@pytest.mark.slow  # trains C at two temperatures and plays the real game: an end-to-end run
def test_temperature_sweep(tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    rows = _load("temperature_sweep").main(
        [
            "--out",
            str(tmp_path),
            "--weights",
            str(tiny_weights["DreamTakeCover-v0"]),
            "--taus",
            "0.5",
            "1.3",
            "--generations",
            "1",
            "--population",
            "4",
            "--rollouts",
            "2",
            "--episodes",
            "1",
            "--max-steps",
            "20",
        ]
    )
    assert [r["tau"] for r in rows] == [0.5, 1.3] and all("real" in r for r in rows)
    assert (tmp_path / "temperature_sweep.png").exists()


@needs_vizdoom
@pytest.mark.slow
def test_dream_vs_real(tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    from dreamgym.training.train_controller import ControllerArgs, train_controller

    weights = tiny_weights["DreamTakeCover-v0"]
    run = tmp_path / "c"
    train_controller(
        ControllerArgs(
            "DreamTakeCover-v0",
            weights,
            run,
            generations=2,
            population=4,
            rollouts=2,
            max_steps=20,
            eval_every=0,
            keep_every=1,
        )
    )
    rows = _load("dream_vs_real").main(
        ["--run", str(run), "--weights", str(weights), "--dream-episodes", "2", "--real-episodes", "1"]
    )
    assert [r["generation"] for r in rows] == [1, 2] and all(r["real"] > 0 and r["dream"] > 0 for r in rows)
    assert (run / "dream_vs_real.png").exists() and (run / "dream_vs_real.csv").read_text().startswith("generation,")
    start = run / "controller_mean_gen2.safetensors"  # a run started from it scores it as generation 0
    args = ControllerArgs("DreamTakeCover-v0", weights, tmp_path / "d", generations=1, population=4, rollouts=2)
    train_controller(dataclasses.replace(args, max_steps=20, eval_every=0, keep_every=1, init=start))
    rows = _load("dream_vs_real").main(
        ["--run", str(tmp_path / "d"), "--weights", str(weights), "--real-episodes", "1"]
    )
    assert [r["generation"] for r in rows] == [0, 1]


@needs_vizdoom
def test_action_runs(tiny_weights: dict[str, Path]) -> None:
    weights = tiny_weights["DreamTakeCover-v0"]
    module = _load("action_runs")
    assert module.runs(module.np.array([1, 1, 2, 0, 0, 0])) == [(1, 2), (2, 1), (0, 3)]
    result = module.main(["--controller", "sweep:4", "--weights", str(weights), "--episodes", "2"])
    for row in result.values():
        assert row["no-op_share"] == 0 and row["right_share"] + row["left_share"] == 1
        assert 1 <= row["right_mean_run"] <= 4 and row["episode_length"] > 0
