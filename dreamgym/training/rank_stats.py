"""Rank statistics of the fidelity benchmark, and how much they move with the episodes drawn.

A zoo is scored on a few seeded episodes per policy (20 in quick mode), so two weight directories' Spearman
correlations can differ by a few rank swaps of noisy policies. :func:`bootstrap` resamples the episodes (the same
seeds for every policy, dream and real, as they were played) to give an interval; :func:`compare` does the same
for the difference between two results scored on the same seeds, so "worse" can be told from noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

REPLICATES = 1000
LEVEL = 0.9


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman rank correlation (ties get their average rank); nan when either side is constant."""
    rx, ry = ranks(np.asarray(x, float)), ranks(np.asarray(y, float))
    if rx.std() == 0 or ry.std() == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def ranks(x: np.ndarray) -> np.ndarray:
    """0-based ranks of ``x``, ascending; tied values share their average rank."""
    order = np.argsort(x, kind="stable")
    r = np.empty(len(x), float)
    r[order] = np.arange(len(x), dtype=float)
    for value in np.unique(x):
        tied = x == value
        r[tied] = r[tied].mean()
    return r


def summarize(dream: np.ndarray, real: np.ndarray) -> dict[str, float]:
    """Spearman rank correlation, mean absolute relative error and regret of choosing by the dream."""
    dream, real = np.asarray(dream, float), np.asarray(real, float)
    rel = np.abs(dream - real) / np.maximum(np.abs(real), 1e-9)
    return {
        "spearman": spearman(dream, real),
        "mean_abs_rel_error": float(rel.mean()),
        "regret": float(real.max() - real[int(np.argmax(dream))]),
        "dream_best": int(np.argmax(dream)),
        "real_best": int(np.argmax(real)),
    }


def _episodes(returns: Sequence[np.ndarray], what: str) -> np.ndarray:
    """Per-policy returns as one (policies, episodes) array; every policy must have played the same episodes."""
    lengths = {len(r) for r in returns}
    if len(lengths) != 1 or 0 in lengths:
        raise ValueError(f"every policy needs the same number of {what} episodes, got lengths {sorted(lengths)}")
    return np.asarray([np.asarray(r, float) for r in returns])


def resampled_stats(
    dream: Sequence[np.ndarray], real: Sequence[np.ndarray], replicates: int = REPLICATES, seed: int = 0
) -> dict[str, np.ndarray]:
    """Spearman and regret of ``replicates`` resamplings of the episodes, with replacement.

    Episode i of every policy was seeded alike (in the real game: the same track or level), so one draw of
    episode indices is applied to every policy, dream and real. The same ``seed`` gives the same draws, which
    pairs two results scored on the same seeds (:func:`compare`).
    """
    d, r = _episodes(dream, "dream"), _episodes(real, "real")
    if d.shape != r.shape:
        raise ValueError(f"dream returns {d.shape} and real returns {r.shape} differ in shape")
    idx = np.random.default_rng(seed).integers(0, d.shape[1], size=(replicates, d.shape[1]))
    d_means, r_means = d[:, idx].mean(axis=2).T, r[:, idx].mean(axis=2).T  # (replicates, policies)
    rho = np.array([spearman(dm, rm) for dm, rm in zip(d_means, r_means, strict=True)])
    regret = r_means.max(axis=1) - r_means[np.arange(replicates), d_means.argmax(axis=1)]
    return {"spearman": rho, "regret": regret}


def interval(samples: np.ndarray, level: float = LEVEL) -> list[float]:
    """The central ``level`` percentile interval of ``samples`` (nan samples ignored; nan when all are)."""
    finite = samples[~np.isnan(samples)]
    if not len(finite):
        return [float("nan"), float("nan")]
    tail = (1.0 - level) / 2 * 100
    lo, hi = np.percentile(finite, [tail, 100 - tail])
    return [float(lo), float(hi)]


def bootstrap(
    dream: Sequence[np.ndarray], real: Sequence[np.ndarray], replicates: int = REPLICATES, seed: int = 0
) -> dict[str, Any]:
    """Percentile intervals of Spearman and regret over resampled episodes (:func:`resampled_stats`)."""
    stats = resampled_stats(dream, real, replicates, seed)
    return {
        "replicates": replicates,
        "level": LEVEL,
        "spearman_interval": interval(stats["spearman"]),
        "regret_interval": interval(stats["regret"]),
    }


def compare(
    result: dict[str, Any], other: dict[str, Any], replicates: int = REPLICATES, seed: int = 0
) -> dict[str, Any]:
    """``result`` minus ``other`` (two fidelity results on the same zoo policies and seeds): the differences of
    Spearman and regret, with paired percentile intervals (both resampled with the same episode draws)."""
    names = [p["name"] for p in result["policies"]]
    if [p["name"] for p in other["policies"]] != names:
        raise ValueError("the two results scored different zoo policies (or in another order)")
    if other["seeds"] != result["seeds"]:
        raise ValueError(f"the two results were scored on different seeds ({result['seeds']} vs {other['seeds']})")
    if any("dream_returns" not in p for p in result["policies"] + other["policies"]):
        raise ValueError(
            "a result has no per-episode returns (written by dreamgym fidelity since it reports intervals)"
        )
    mine = resampled_stats(*_returns(result), replicates, seed)
    theirs = resampled_stats(*_returns(other), replicates, seed)
    return {
        "other": other.get("weights"),
        "replicates": replicates,
        "level": LEVEL,
        "spearman_difference": result["spearman"] - other["spearman"],
        "spearman_difference_interval": interval(mine["spearman"] - theirs["spearman"]),
        "regret_difference": result["regret"] - other["regret"],
        "regret_difference_interval": interval(mine["regret"] - theirs["regret"]),
    }


def _returns(result: dict[str, Any]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    rows = result["policies"]
    return [np.asarray(p["dream_returns"]) for p in rows], [np.asarray(p["real_returns"]) for p in rows]
