"""The Ray backend gives the same results as local processes: CMA-ES on real-twin candidates, evaluation, collect."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from dreamgym.envs import GAMES
from dreamgym.envs.sources import source_available
from dreamgym.errors import ConfigError
from dreamgym.training.collect import CollectArgs, collect
from dreamgym.training.episodes import list_episodes, read_episode
from dreamgym.training.evaluate import EvaluateArgs, evaluate
from dreamgym.training.train_controller import ControllerArgs, train_controller

ray = pytest.importorskip("ray")
TAKECOVER = GAMES["takecover"]
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not source_available(TAKECOVER), reason="vizdoom not installed")]


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray instance with two CPUs for the whole module, as a user's laptop 'cluster'."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _cma_log(out: Path) -> list[dict[str, str]]:
    with open(out / "log.csv") as f:
        return list(csv.DictReader(f))


def test_real_twin_cma_es_is_identical_on_local_processes_and_ray(
    local_ray: None, tiny_weights_by_game: dict[str, Path], tmp_path: Path
) -> None:
    """The paper's setup: every CMA-ES candidate scored in the real game, fanned out over workers."""
    logs = {}
    for backend in ("local", "ray"):
        out = tmp_path / backend
        args = ControllerArgs(
            env=TAKECOVER.real_id,
            weights=tiny_weights_by_game["takecover"],
            out=out,
            generations=2,
            population=4,
            rollouts=2,
            max_steps=15,
            eval_every=2,
            eval_rollouts=2,
            workers=2,
            backend=backend,
        )
        train_controller(args)
        logs[backend] = _cma_log(out)
        assert (out / "controller_best.safetensors").exists()
    keys = ["generation", "return_best", "return_mean", "sigma", "mean_eval", "mean_eval_std"]
    assert [{k: r[k] for k in keys} for r in logs["local"]] == [{k: r[k] for k in keys} for r in logs["ray"]]
    assert len(logs["ray"]) == 2


def test_evaluate_is_identical_on_local_processes_and_ray(
    local_ray: None, tiny_weights_by_game: dict[str, Path], tmp_path: Path
) -> None:
    results = {}
    for backend in ("local", "ray"):
        args = EvaluateArgs(
            TAKECOVER.real_id,
            episodes=3,
            seed=11,
            controller="random",
            weights=tiny_weights_by_game["takecover"],
            backend=backend,
            out=tmp_path / f"{backend}.json",
        )
        results[backend] = evaluate(args)["returns"]
    assert results["local"] == results["ray"]
    assert json.loads((tmp_path / "ray.json").read_text())["returns"] == results["ray"]


def test_collect_is_identical_on_local_processes_and_ray(local_ray: None, tmp_path: Path) -> None:
    for backend in ("local", "ray"):
        collect(CollectArgs("takecover", tmp_path / backend, episodes=2, workers=2, seed=3, backend=backend))
    for a, b in zip(list_episodes(tmp_path / "local"), list_episodes(tmp_path / "ray"), strict=True):
        ea, eb = read_episode(a), read_episode(b)
        assert np.array_equal(ea["actions"], eb["actions"]) and np.array_equal(ea["frames"], eb["frames"])


def test_unknown_backend_is_a_clear_error(tiny_weights_by_game: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="backend"):
        evaluate(
            EvaluateArgs(TAKECOVER.real_id, episodes=1, backend="spark", weights=tiny_weights_by_game["takecover"])
        )
