"""One exception hierarchy for every user-facing error dreamgym raises."""

from __future__ import annotations


class DreamgymError(Exception):
    """Base class: catch this to handle any dreamgym error."""


class WeightsError(DreamgymError):
    """A weight file is missing, truncated, not safetensors, or does not match its architecture."""


class WeightsNotFoundError(WeightsError, FileNotFoundError):
    """No weights where they were expected (e.g. a game whose weights have not shipped yet)."""


class ConfigError(DreamgymError, ValueError):
    """A keyword argument or command-line option has a value dreamgym cannot use."""


class ActionError(DreamgymError, ValueError):
    """An action outside the environment's action space."""


class DisplayError(DreamgymError, RuntimeError):
    """A window was requested but no display is available."""


class DataError(DreamgymError):
    """A dataset directory is missing, empty or corrupt."""


class WorkerError(DreamgymError, RuntimeError):
    """A worker process died mid-task (e.g. the real game crashed); the stage can be re-run to resume."""
