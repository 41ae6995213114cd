"""CMA-ES's controller: the paper's linear C or one with a hidden layer, and runs that refuse to mix the two."""

from __future__ import annotations

from pathlib import Path

import cma
import pytest

from dreamgym.errors import ConfigError
from dreamgym.training.train_controller import ControllerArgs, train_controller
from dreamgym.weights import load_controller


def test_cma_es_searches_a_controller_with_a_hidden_layer_and_refuses_to_mix_sizes(
    tiny_weights: dict[str, Path], tmp_path: Path
) -> None:
    args = ControllerArgs("DreamCarRacing-v0", tiny_weights["DreamCarRacing-v0"], tmp_path / "h", generations=1)
    args.population, args.rollouts, args.max_steps, args.eval_every, args.hidden = 4, 2, 10, 0, 3
    train_controller(args)
    c = load_controller(tmp_path / "h" / "controller_mean.safetensors")[0]
    assert c.config.hidden_size == 3 and c.get_flat().abs().sum() > 0
    args.generations, args.hidden = 2, 0
    with pytest.raises(ConfigError, match="holds a search over"):
        train_controller(args)
    linear = ControllerArgs("DreamCarRacing-v0", tiny_weights["DreamCarRacing-v0"], tmp_path / "l", generations=1)
    linear.init = tmp_path / "h" / "controller_mean.safetensors"
    with pytest.raises(ConfigError, match="3 hidden units, --hidden asks for 0"):
        train_controller(linear)


def test_diagonal_search_reaches_cma_es_and_a_resume_keeps_its_covariance(
    tiny_weights: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[dict] = []
    real = cma.CMAEvolutionStrategy

    def spy(x0: object, sigma0: float, opts: dict) -> object:
        made.append(opts)
        return real(x0, sigma0, opts)

    monkeypatch.setattr(cma, "CMAEvolutionStrategy", spy)
    args = ControllerArgs("DreamCarRacing-v0", tiny_weights["DreamCarRacing-v0"], tmp_path / "d", generations=1)
    args.population, args.rollouts, args.max_steps, args.eval_every, args.hidden = 4, 2, 10, 0, 3
    args.diagonal = True
    train_controller(args)
    assert made[-1]["CMA_diagonal"] is True
    args.generations, args.diagonal = 2, False
    with pytest.raises(ConfigError, match="with --diagonal"):
        train_controller(args)
    args.diagonal = True
    train_controller(args)
    assert made[-1]["CMA_diagonal"] is True and len(made) == 2
