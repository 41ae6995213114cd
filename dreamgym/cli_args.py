"""Command-line arguments as dataclasses whose fields carry their help text, turned into argparse subcommands."""

from __future__ import annotations

import argparse
import dataclasses
import typing
from pathlib import Path
from typing import Any

_MISSING = dataclasses.MISSING


def _game_help() -> str:
    from dreamgym.games import GAMES

    return f"game: {', '.join(GAMES)} (or --env ID for any Gymnasium pixel env)"


GAME_HELP = _game_help()
"""Help text of a positional GAME argument, listing the games dreamgym has."""

ENV_HELP = (
    "instead of GAME: any Gymnasium env id with image observations or an rgb_array render and Discrete or Box "
    "actions (e.g. 'module:ID' imports module first, for ids a package registers on import)"
)
"""Help text of a stage's ``--env`` option (the generic builder)."""


def arg(
    default: Any = _MISSING,
    help: str = "",
    positional: bool = False,
    optional: bool = False,
    low: float | None = None,
    above: float | None = None,
) -> Any:
    """A dataclass field with help text (``positional=True`` makes it a positional CLI argument, which
    ``optional=True`` lets the command line leave out: it is then None); a number may declare its bounds, ``low``
    (at least) or ``above`` (greater than), which :func:`check_bounds` enforces."""
    meta = {"help": help, "positional": positional, "optional": optional, "low": low, "above": above}
    return dataclasses.field(default=default, metadata=meta)


def check_bounds(args: Any) -> None:
    """A clear ConfigError naming the first option of ``args`` (a stage's dataclass) outside its declared bounds,
    before a stage starts, instead of a failure deep inside it (a seed below 0, a CMA-ES population of 1)."""
    from dreamgym.errors import ConfigError

    for f in dataclasses.fields(args):
        value, low, above = getattr(args, f.name), f.metadata.get("low"), f.metadata.get("above")
        if value is None or isinstance(value, bool) or (low is None and above is None):
            continue
        flag = f.name if f.metadata.get("positional") else "--" + f.name.replace("_", "-")
        if low is not None and not value >= low:
            raise ConfigError(f"{flag} must be at least {low:g}, got {value}")
        if above is not None and not value > above:
            raise ConfigError(f"{flag} must be greater than {above:g}, got {value}")


def with_game_defaults(args: Any, game: Any, stage: str, fallbacks: dict[str, float]) -> Any:
    """``args`` (a stage's dataclass) with each option of ``fallbacks`` left at None set to the game's training
    default for ``"stage.option"`` (``GameSpec.training_defaults``), else to its fallback."""
    unset = {k: game.training_default(f"{stage}.{k}", v) for k, v in fallbacks.items() if getattr(args, k) is None}
    return dataclasses.replace(args, **unset)


def add_dataclass_arguments(parser: argparse.ArgumentParser, cls: type) -> None:
    """Add one option per dataclass field (``--snake-case``), typed from the annotations."""
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        kind = hints[f.name]
        args = typing.get_args(kind)
        if type(None) in args:
            kind = next(a for a in args if a is not type(None))
        help_text = f.metadata.get("help", "")
        if f.metadata.get("positional"):
            optional = {"nargs": "?", "default": None} if f.metadata.get("optional") else {}
            parser.add_argument(f.name, type=kind, help=help_text, **optional)
            continue
        flag = "--" + f.name.replace("_", "-")
        if kind is bool:
            parser.add_argument(
                flag, dest=f.name, action=argparse.BooleanOptionalAction, default=f.default, help=help_text
            )
            continue
        required = f.default is _MISSING
        default = None if required else f.default
        parser.add_argument(
            flag,
            dest=f.name,
            type=Path if kind is Path else kind,
            default=default,
            required=required,
            help=f"{help_text} (default: {default})" if not required else help_text,
        )


def from_namespace(cls: type, ns: argparse.Namespace) -> Any:
    """Build the dataclass from parsed arguments, their declared bounds checked (:func:`check_bounds`)."""
    args = cls(**{f.name: getattr(ns, f.name) for f in dataclasses.fields(cls)})
    check_bounds(args)
    return args
