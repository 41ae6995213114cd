"""Rank statistics of the fidelity benchmark: bootstrap intervals and paired comparisons of two results."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dreamgym.errors import ConfigError
from dreamgym.training.fidelity import read_comparable
from dreamgym.training.rank_stats import bootstrap, compare, interval, resampled_stats, summarize
from dreamgym.training.zoo import ZooPolicy


def _noisy(means: list[float], noise: float, episodes: int = 20, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [m + noise * rng.standard_normal(episodes) for m in means]


def _result(dream: list[np.ndarray], real: list[np.ndarray], seeds: str = "1000..1019") -> dict:
    s = summarize(np.array([d.mean() for d in dream]), np.array([r.mean() for r in real]))
    rows = [
        {"name": f"p{i}", "dream_returns": d.tolist(), "real_returns": r.tolist()}
        for i, (d, r) in enumerate(zip(dream, real, strict=True))
    ]
    return {"policies": rows, "seeds": seeds, "weights": "w", "spearman": s["spearman"], "regret": s["regret"]}


def test_well_separated_policies_rank_perfectly_in_every_draw() -> None:
    real = _noisy([0, 100, 200, 300], noise=1.0)
    b = bootstrap(real, real)
    assert b["spearman_interval"] == pytest.approx([1.0, 1.0]) and b["regret_interval"] == [0.0, 0.0]


def test_the_interval_widens_with_noise_and_holds_the_point_estimate() -> None:
    dream, real = _noisy([0, 10, 20, 30, 40], 25.0, seed=1), _noisy([0, 10, 20, 30, 40], 25.0, seed=2)
    narrow = bootstrap(_noisy([0, 10, 20, 30, 40], 0.5, seed=1), _noisy([0, 10, 20, 30, 40], 0.5, seed=2))
    wide = bootstrap(dream, real)
    point = summarize(np.array([d.mean() for d in dream]), np.array([r.mean() for r in real]))["spearman"]
    lo, hi = wide["spearman_interval"]
    assert lo <= point <= hi and hi - lo > narrow["spearman_interval"][1] - narrow["spearman_interval"][0]
    assert bootstrap(dream, real) == wide  # the same draws every time


def test_episodes_are_resampled_together_across_policies() -> None:
    # policy 1 beats policy 0 by 1 on every episode, whatever the episode's level: a shared draw never flips them
    level = np.random.default_rng(0).normal(0, 100, 20)
    stats = resampled_stats([level, level + 1.0], [level, level + 1.0], replicates=200)
    np.testing.assert_allclose(stats["spearman"], 1.0)


def test_compare_is_zero_against_itself_and_paired() -> None:
    dream, real = _noisy([0, 10, 20, 30], 8.0, seed=3), _noisy([0, 10, 20, 30], 8.0, seed=4)
    c = compare(_result(dream, real), _result(dream, real))
    assert c["spearman_difference"] == 0.0 and c["spearman_difference_interval"] == [0.0, 0.0]
    flipped = compare(_result(dream[::-1], real), _result(dream, real))
    assert flipped["spearman_difference"] < 0 and flipped["spearman_difference_interval"][1] < 0


def test_compare_refuses_results_that_are_not_comparable() -> None:
    a = _result(*([np.zeros(20)] * 2,) * 2)
    with pytest.raises(ValueError, match="different seeds"):
        compare(a, a | {"seeds": "0..19"})
    with pytest.raises(ValueError, match="different zoo policies"):
        compare(a, a | {"policies": a["policies"][:1]})
    with pytest.raises(ValueError, match="same number"):
        bootstrap([np.zeros(3), np.zeros(4)], [np.zeros(3), np.zeros(4)])


def test_interval_ignores_nan_draws_and_is_nan_without_any_other() -> None:
    assert interval(np.array([np.nan, 1.0, 1.0, 1.0])) == [1.0, 1.0]
    assert np.isnan(interval(np.array([np.nan, np.nan]))).all()


def test_read_comparable_names_what_does_not_match(tmp_path: Path) -> None:
    policies = (ZooPolicy(name="a", probe="random"), ZooPolicy(name="b", probe="random"))
    seeds = list(range(1000, 1020))
    with pytest.raises(ConfigError, match="no such file"):
        read_comparable(tmp_path / "missing.json", policies, seeds)
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(ConfigError, match=r"not a fidelity\.json"):
        read_comparable(tmp_path / "bad.json", policies, seeds)
    (tmp_path / "list.json").write_text("[]")
    with pytest.raises(ConfigError, match="a JSON list"):
        read_comparable(tmp_path / "list.json", policies, seeds)
    row = {"dream_returns": [0.0], "real_returns": [0.0]}
    good = {"seeds": "1000..1019", "policies": [{"name": "a"} | row, {"name": "b"} | row]}
    (tmp_path / "fidelity.json").write_text(json.dumps(good))
    assert read_comparable(tmp_path, policies, seeds) == good  # a run's --out directory works too
    with pytest.raises(ConfigError, match=r"seeds 1000\.\.1019, not 1000\.\.1004"):
        read_comparable(tmp_path, policies, seeds[:5])
    with pytest.raises(ConfigError, match="other zoo policies"):
        read_comparable(tmp_path, policies[:1], seeds)
    (tmp_path / "fidelity.json").write_text(json.dumps(good | {"policies": [{"name": "a"}, {"name": "b"}]}))
    with pytest.raises(ConfigError, match="no per-episode returns"):
        read_comparable(tmp_path, policies, seeds)
