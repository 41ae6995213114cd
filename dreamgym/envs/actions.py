"""Checking actions where they enter an env, with errors that say what was wrong."""

from __future__ import annotations

import numpy as np
import torch

from dreamgym.envs.spec import GameSpec
from dreamgym.errors import ActionError


def check_actions(game: GameSpec, actions: object, num: int | None) -> torch.Tensor:
    """Validate one action (``num=None``) or a batch of ``num``; return them as a batched tensor.

    Discrete games take ints in ``[0, n)``; continuous games take finite floats inside the Box bounds.
    """
    try:
        arr = np.asarray(actions)
    except (TypeError, ValueError) as e:
        raise ActionError(f"{game.dream_id}: action {actions!r} is not array-like") from e
    if game.discrete_actions:
        expected = () if num is None else (num,)
        if arr.shape != expected or not np.issubdtype(arr.dtype, np.integer):
            raise ActionError(
                f"{game.dream_id}: expected {'an integer action' if num is None else f'{num} integer actions'} "
                f"in {game.describe_actions()}, got {actions!r}"
            )
        arr = arr.astype(np.int64)
        if (arr < 0).any() or (arr >= game.discrete_actions).any():
            raise ActionError(f"{game.dream_id}: action {actions!r} outside Discrete({game.discrete_actions})")
        return torch.from_numpy(np.atleast_1d(arr))
    width = len(game.action_low)
    expected = (width,) if num is None else (num, width)
    if arr.shape != expected or not np.issubdtype(arr.dtype, np.number):
        raise ActionError(f"{game.dream_id}: expected a float action of shape {expected}, got {actions!r}")
    arr = arr.astype(np.float32)
    low, high = np.array(game.action_low, np.float32), np.array(game.action_high, np.float32)
    if not np.isfinite(arr).all() or (arr < low).any() or (arr > high).any():
        raise ActionError(f"{game.dream_id}: action {actions!r} outside the action space {game.describe_actions()}")
    return torch.from_numpy(arr.reshape(-1, width))


def check_action(game: GameSpec, action: object) -> int | np.ndarray:
    """One validated action, as :func:`check_actions` would accept it: a Python int (discrete) or a float32 array
    (Box). A plain in-range int skips the array conversion (the single env's hot path)."""
    if game.discrete_actions:
        if type(action) is int or (isinstance(action, np.integer) and not isinstance(action, np.bool_)):
            if 0 <= action < game.discrete_actions:  # type: ignore[operator]
                return int(action)  # type: ignore[arg-type]
        return int(check_actions(game, action, None)[0])
    if isinstance(action, np.ndarray) and action.dtype.kind == "f" and action.shape == (len(game.action_low),):
        a = action.astype(np.float32)
        # a few Python comparisons cost less than numpy's; NaN fails them: the slow path says what was wrong
        if all(lo <= v <= hi for lo, v, hi in zip(game.action_low, a.tolist(), game.action_high, strict=True)):
            return a
    return check_actions(game, action, None)[0].numpy()
