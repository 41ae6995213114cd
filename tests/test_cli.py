"""Command-line options outside their declared bounds are refused by name before a stage starts."""

from __future__ import annotations

import dataclasses
import importlib
import math

import pytest

from dreamgym.cli import COMMANDS, main
from dreamgym.cli_args import check_bounds
from dreamgym.errors import ConfigError

BAD_COMMAND_LINES = [
    (["evaluate", "DreamCarRacing-v0", "--seed", "-5"], "--seed must be at least 0, got -5"),
    (["evaluate", "DreamCarRacing-v0", "--episodes", "0"], "--episodes must be at least 1"),
    (["train", "controller", "--env", "DreamCarRacing-v0", "--population", "1"], "--population must be at least 2"),
    (["train", "controller", "--env", "DreamCarRacing-v0", "--sigma0", "-1"], "--sigma0 must be greater than 0"),
    (["train", "controller", "--env", "DreamCarRacing-v0", "--generations", "0"], "--generations must be at least 1"),
    (["collect", "carracing", "--out", "o", "--episodes", "-3"], "--episodes must be at least 1"),
    (["collect", "carracing", "--out", "o", "--noise", "-0.5"], "--noise must be at least 0"),
    (["fidelity", "carracing", "--episodes", "1"], "--episodes must be at least 2"),
    (
        ["train", "mdnrnn", "carracing", "--encoded", "e", "--out", "o", "--lr", "nan"],
        "--lr must be greater than 0, got nan",
    ),
    (["train", "vae", "takecover", "--data", "d", "--out", "o", "--epochs", "0"], "--epochs must be at least 1"),
    (["play", "DreamTakeCover-v0", "--scale", "0"], "--scale must be at least 1"),
]


@pytest.mark.parametrize(("argv", "message"), BAD_COMMAND_LINES, ids=[" ".join(a) for a, _ in BAD_COMMAND_LINES])
def test_out_of_bounds_options_are_named_without_a_traceback(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a stage that wrongly started would write here, not into the repo
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not any(tmp_path.iterdir()), "the stage started before its options were checked"


def _arg_classes() -> list[type]:
    return [getattr(importlib.import_module(module), cls) for module, cls, _, _ in COMMANDS.values()]


@pytest.mark.parametrize("cls", _arg_classes(), ids=lambda c: c.__name__)
def test_every_default_lies_within_its_bounds(cls: type) -> None:
    bounded = [
        f for f in dataclasses.fields(cls) if f.metadata.get("low") is not None or f.metadata.get("above") is not None
    ]
    for f in bounded:
        if f.default is dataclasses.MISSING or f.default is None:
            continue
        low, above = f.metadata.get("low"), f.metadata.get("above")
        assert (low is None or f.default >= low) and (above is None or f.default > above), f.name
        assert math.isfinite(f.default), f.name


def test_the_python_api_checks_the_same_bounds(tiny_weights) -> None:
    from dreamgym.training.train_controller import ControllerArgs, train_controller

    with pytest.raises(ConfigError, match="--population must be at least 2"):
        train_controller(ControllerArgs("DreamCarRacing-v0", tiny_weights["DreamCarRacing-v0"], population=1))
    check_bounds(ControllerArgs("DreamCarRacing-v0"))  # the defaults pass
