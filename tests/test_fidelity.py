"""The fidelity benchmark: rank statistics, the policy zoo's checks, and one tiny run dream vs real."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from dreamgym.envs import GAMES
from dreamgym.envs.sources import source_available
from dreamgym.errors import ConfigError, WeightsError, WeightsNotFoundError
from dreamgym.models import ControllerConfig, LinearController, MLPPolicy, MLPPolicyConfig
from dreamgym.testing import write_random_world_model
from dreamgym.training import fidelity as fidelity_module
from dreamgym.training.collect import named_policy
from dreamgym.training.fidelity import FidelityArgs, fidelity
from dreamgym.training.rank_stats import spearman, summarize
from dreamgym.training.zoo import ZOO_FILE, batch_policy, check_vision, file_fingerprint, load_zoo
from dreamgym.weights import (
    load_mdnrnn,
    load_mlp_policy,
    load_world_model,
    pretrained_dir,
    save_controller,
    save_mdnrnn,
    save_mlp_policy,
)

TAKECOVER = GAMES["takecover"]
needs_vizdoom = pytest.mark.skipif(not source_available(TAKECOVER), reason="vizdoom not installed")


def test_spearman_matches_known_values_and_averages_ties() -> None:
    assert spearman(np.array([1, 2, 3, 4]), np.array([10, 20, 30, 40])) == pytest.approx(1.0)
    assert spearman(np.array([1, 2, 3, 4]), np.array([4, 3, 2, 1])) == pytest.approx(-1.0)
    # ranks (0.5, 0.5, 2) vs (0, 1, 2): Pearson of the ranks
    expected = np.corrcoef([0.5, 0.5, 2.0], [0.0, 1.0, 2.0])[0, 1]
    assert spearman(np.array([5, 5, 9]), np.array([1, 2, 3])) == pytest.approx(expected)
    assert np.isnan(spearman(np.array([1, 1, 1]), np.array([1, 2, 3])))


def test_summary_regret_is_what_choosing_by_the_dream_costs() -> None:
    s = summarize(np.array([100.0, 300.0, 200.0]), np.array([150.0, 200.0, 400.0]))
    assert s["regret"] == pytest.approx(200.0)  # the dream picks policy 1 (real 200), the game's best is 400
    assert s["mean_abs_rel_error"] == pytest.approx(np.mean([50 / 150, 100 / 200, 200 / 400]))
    assert summarize(np.array([1.0, 2.0]), np.array([1.0, 2.0]))["regret"] == 0.0


def _zoo(directory: Path, policies: list[dict], game: str = "takecover", **fields: object) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / ZOO_FILE).write_text(
        json.dumps({"format_version": 1, "game": game, "zoo_version": 1, "policies": policies, **fields})
    )
    return directory


def _controller(weights: Path, path: Path, bias: float = 0.0) -> Path:
    wm = load_world_model(weights)
    c = LinearController(ControllerConfig(wm.vae.config.z_size + wm.mdnrnn.config.hidden_size, 1, "threshold3"))
    with torch.no_grad():
        c.weight.normal_(0, 0.3)
        c.bias.fill_(bias)
    save_controller(c, path)
    return path


@pytest.mark.parametrize(
    ("policies", "error", "message"),
    [
        ([], WeightsError, "at least one policy"),
        ([{"name": "a", "probe": "random"}, {"name": "a", "probe": "constant:0"}], WeightsError, "unique names"),
        ([{"name": "a", "probe": "constant:7"}], WeightsError, "not a probe"),
        ([{"name": "a", "file": "missing.safetensors"}], WeightsNotFoundError, "missing.safetensors"),
        ([{"name": "a", "probe": "random", "file": "x"}], WeightsError, "exactly one"),
        ([{"name": "a", "probe": "random", "action": 1}], WeightsError, "exactly one"),
        ([{"name": "a", "probe": "random", "colour": "red"}], WeightsError, "unknown or missing field"),
        ([{"name": "a", "action": 3}], WeightsError, "outside Discrete"),
    ],
)
def test_bad_zoos_get_clear_errors(tmp_path: Path, policies: list, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        load_zoo(_zoo(tmp_path / "zoo", policies), TAKECOVER)


def test_a_zoo_for_another_game_or_a_missing_zoo_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not 'takecover'"):
        load_zoo(_zoo(tmp_path / "zoo", [{"name": "r", "probe": "random"}], game="carracing"), TAKECOVER)
    with pytest.raises(WeightsNotFoundError, match="no policy zoo"):
        load_zoo(tmp_path / "nowhere", TAKECOVER)


def test_a_zoo_policy_that_does_not_fit_the_weights_is_named(
    tiny_weights_by_game: dict[str, Path], tmp_path: Path
) -> None:
    weights = tiny_weights_by_game["takecover"]
    c = LinearController(ControllerConfig(999, 1, "threshold3"))
    save_controller(c, tmp_path / "zoo" / "wide.safetensors")
    zoo = load_zoo(_zoo(tmp_path / "zoo", [{"name": "wide", "file": "wide.safetensors"}]), TAKECOVER)
    import gymnasium as gym

    env = gym.make(TAKECOVER.dream_id, weights=weights)
    with pytest.raises(ConfigError, match="'wide' does not fit"):
        batch_policy(zoo.policies[0], zoo.directory, TAKECOVER, 1, 0, env.observation_space)


def test_noisy_copies_are_deterministic_per_seed(tiny_weights_by_game: dict[str, Path], tmp_path: Path) -> None:
    weights = tiny_weights_by_game["takecover"]
    _controller(weights, tmp_path / "zoo" / "c.safetensors")
    zoo = load_zoo(
        _zoo(
            tmp_path / "zoo",
            [
                {"name": "eps", "file": "c.safetensors", "epsilon": 0.5},
                {"name": "pn", "file": "c.safetensors", "param_noise": 0.5, "noise_seed": 3},
            ],
        ),
        TAKECOVER,
    )
    obs = np.random.default_rng(0).standard_normal((4, 24)).astype(np.float32)
    for p in zoo.policies:
        a = [batch_policy(p, zoo.directory, TAKECOVER, 4, 10)(obs) for _ in range(2)]
        np.testing.assert_array_equal(a[0], a[1])
    # episode i of a batch seeded s acts as a lone episode seeded s + i
    batch = batch_policy(zoo.policies[0], zoo.directory, TAKECOVER, 4, 10)
    alone = batch_policy(zoo.policies[0], zoo.directory, TAKECOVER, 1, 12)
    for _ in range(5):
        assert batch(obs)[2] == alone(obs[2:3])[0]


def test_mlp_policy_round_trips_through_safetensors(tmp_path: Path) -> None:
    config = MLPPolicyConfig(6, (8, 8), 3, "relu", "clip", (-1.0, 0.0, 0.0), (1.0, 1.0, 1.0))
    torch.manual_seed(0)
    p = MLPPolicy(config)
    save_mlp_policy(p, tmp_path / "p.safetensors", {"command": "test"})
    q, meta = load_mlp_policy(tmp_path / "p.safetensors")
    x = torch.randn(5, 6)
    torch.testing.assert_close(p(x), q(x))
    assert meta["command"] == "test" and q.config == config
    assert (q(x * 100)[:, 1:] >= 0).all()


def _games_with_a_shipped_zoo() -> list[str]:
    from dreamgym.envs import GAMES

    return [g for g in GAMES if (pretrained_dir(g) / "zoo" / ZOO_FILE).is_file()]


def test_every_game_whose_weights_ship_has_a_zoo() -> None:
    from dreamgym.envs import GAMES
    from dreamgym.weights import ships_weights

    assert [g.name for g in GAMES.values() if ships_weights(g)] == _games_with_a_shipped_zoo()


@pytest.mark.parametrize("name", _games_with_a_shipped_zoo())
def test_the_shipped_zoo_loads_and_fits_the_shipped_weights(name: str) -> None:
    import gymnasium as gym

    from dreamgym.envs import GAMES

    game = GAMES[name]
    zoo = load_zoo(pretrained_dir(name) / "zoo", game)
    assert len(zoo.policies) >= 10
    assert zoo.vision == file_fingerprint(pretrained_dir(name) / "vae.safetensors"), "a new V needs a new zoo"
    env = gym.make(game.dream_id)
    obs, _ = env.reset(seed=0)
    for p in zoo.policies:
        actions = batch_policy(p, zoo.directory, game, 2, 0, env.observation_space)(np.stack([obs, obs]))
        assert all(env.action_space.contains(np.asarray(a, dtype=env.action_space.dtype)) for a in actions), p.name
    env.close()


def _tiny_weights_whose_dreams_end(directory: Path) -> Path:
    """Tiny Take Cover weights whose done head reads h strongly: dreams end soon, and actions change when they do."""
    weights = write_random_world_model(directory, TAKECOVER, z_size=8, hidden_size=16, mixtures=3)
    m, meta = load_mdnrnn(weights / "mdnrnn.safetensors")
    with torch.no_grad():
        m.done_head.weight.mul_(40)
    save_mdnrnn(m, weights / "mdnrnn.safetensors", meta)
    return weights


@needs_vizdoom
def test_fidelity_scores_a_tiny_zoo_and_resumes_from_its_real_cache(
    tiny_weights_by_game: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weights = _tiny_weights_whose_dreams_end(tmp_path / "w")
    _controller(weights, tmp_path / "zoo" / "c.safetensors", bias=0.5)
    zoo = _zoo(
        tmp_path / "zoo",
        [
            {"name": "random", "probe": "random"},
            {"name": "left", "probe": "constant:2"},
            {"name": "c", "file": "c.safetensors", "epsilon": 0.1},
        ],
    )
    args = FidelityArgs(
        "takecover",
        weights=weights,
        zoo=zoo,
        episodes=3,
        termination="sample",
        out=tmp_path / "out",
        workers=1,
        chunk=2,
    )
    result = fidelity(args)
    for name in ("fidelity.json", "fidelity.md", "fidelity.png", "real_returns.json"):
        assert (tmp_path / "out" / name).is_file()
    assert [r["name"] for r in result["policies"]] == ["random", "left", "c"]
    assert all(r["real_mean"] > 0 and r["dream_mean"] > 0 for r in result["policies"])
    assert -1 <= result["spearman"] <= 1 and result["regret"] >= 0
    assert "Spearman rank correlation" in (tmp_path / "out" / "fidelity.md").read_text()

    def no_real_game(task: object) -> list[float]:
        raise AssertionError("the real game was played again although every return was cached")

    monkeypatch.setattr(fidelity_module, "zoo_real_episodes", no_real_game)
    again = fidelity(args)
    assert [r["real_mean"] for r in again["policies"]] == [r["real_mean"] for r in result["policies"]]

    # another world model: blind probes reuse their real returns, the controller is played again
    other = write_random_world_model(tmp_path / "other", TAKECOVER, z_size=8, hidden_size=16, mixtures=3, seed=1)
    played: list[str] = []

    def record(task: tuple) -> list[float]:
        played.append(task[2].name)
        return [123.0] * len(task[4])

    monkeypatch.setattr(fidelity_module, "zoo_real_episodes", record)
    card = tmp_path / "card"
    card.mkdir()
    (card / "card.json").write_text("{}")
    (card / "README.md").write_text("# card\n\n## Reproduce\n\nsteps\n")
    third = fidelity(dataclasses.replace(args, weights=other, card=card))
    fidelity(dataclasses.replace(args, weights=other, card=card))  # re-run: the section is replaced, not repeated
    readme = (card / "README.md").read_text()
    assert readme.count("## Policy ranking") == 1 and readme.index("## Policy ranking") < readme.index("## Reproduce")
    assert "dreamgym fidelity takecover --episodes 3" in readme and (card / "fidelity.png").is_file()
    assert json.loads((card / "card.json").read_text())["policy_ranking"]["regret"] == third["regret"]
    assert set(played) == {"c"}

    # a cache shipped beside the zoo serves a fresh --out; --no-zoo-cache replays everything
    shutil.copyfile(tmp_path / "out" / "real_returns.json", zoo / "real_returns.json")
    played.clear()
    fidelity(dataclasses.replace(args, out=tmp_path / "fresh"))
    assert played == []
    fidelity(dataclasses.replace(args, out=tmp_path / "fresh2", zoo_cache=False))
    assert set(played) == {"random", "left", "c"}
    assert third["policies"][2]["real_mean"] == 123.0
    assert third["policies"][0]["real_mean"] == result["policies"][0]["real_mean"]

    # a reward budget caps every dream return, and the table and the command say so
    capped = fidelity(dataclasses.replace(args, out=tmp_path / "fresh", reward_budget="2"))
    assert max(r["dream_mean"] for r in capped["policies"]) <= 2.0 and capped["reward_budget"] == 2.0
    assert "reward budget 2)" in capped["markdown"] and "--reward-budget 2" in capped["command"]
    assert "--out" not in capped["command"]  # where the files went does not change the result
    with pytest.raises(ConfigError, match="needs ensemble='pessimistic'"):  # one M: nothing to disagree
        fidelity(dataclasses.replace(args, out=tmp_path / "fresh", disagreement_penalty=1.0))

    # per-episode returns and bootstrap intervals; --compare against another run on the same seeds
    versus = fidelity(dataclasses.replace(args, out=tmp_path / "versus"))
    saved = json.loads((tmp_path / "versus" / "fidelity.json").read_text())
    assert all(len(p["dream_returns"]) == len(p["real_returns"]) == 3 for p in saved["policies"])
    lo, hi = saved["bootstrap"]["spearman_interval"]
    assert -1 <= lo <= hi <= 1 and "bootstrap draws" in versus["markdown"]
    again = fidelity(dataclasses.replace(args, out=tmp_path / "versus2", compare=tmp_path / "versus"))
    assert again["comparison"]["spearman_difference_interval"] == [0.0, 0.0]
    assert f"Against {weights}" in again["markdown"] and "--compare" in again["command"]
    card_policies = json.loads((card / "card.json").read_text())["policy_ranking"]["policies"]
    assert all("dream_returns" not in p for p in card_policies)


def test_cli_fidelity_names_a_missing_zoo(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dreamgym.cli", "fidelity", "takecover", "--zoo", str(tmp_path), "--quick"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "no policy zoo" in proc.stderr and "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "dreamgym.cli", "fidelity", "pong"], capture_output=True, text=True)
    assert proc.returncode == 2 and "unknown game" in proc.stderr


def test_a_fixed_action_entry_plays_that_action_in_a_box_game(tmp_path: Path) -> None:
    car = GAMES["carracing"]
    zoo = load_zoo(_zoo(tmp_path, [{"name": "gas", "action": [0, 1, 0]}], game="carracing"), car)
    assert zoo.policies[0].blind
    actions = batch_policy(zoo.policies[0], zoo.directory, car, 3, 0)(np.zeros((3, 288), np.float32))
    np.testing.assert_array_equal(actions, np.tile(np.float32([0, 1, 0]), (3, 1)))
    with pytest.raises(WeightsError, match="outside Box"):
        load_zoo(_zoo(tmp_path, [{"name": "gas", "action": [0, 2, 0]}], game="carracing"), car)


def test_action_min_raises_only_the_bounded_dimensions_of_a_policys_actions(
    tiny_weights_by_game: dict[str, Path], tmp_path: Path
) -> None:
    car = GAMES["carracing"]
    weights = tiny_weights_by_game["carracing"]
    wm = load_world_model(weights)
    c = LinearController(car.controller_config(wm.vae.config.z_size + wm.mdnrnn.config.hidden_size))
    with torch.no_grad():
        c.weight.normal_(0, 1.0)
    save_controller(c, tmp_path / "zoo" / "c.safetensors")
    entries = [{"name": "plain", "file": "c.safetensors"}, {"name": "fast", "file": "c.safetensors",
                                                            "action_min": [None, 0.6, None]}]  # fmt: skip
    zoo = load_zoo(_zoo(tmp_path / "zoo", entries, game="carracing"), car)
    obs = np.random.default_rng(0).standard_normal((64, c.config.input_size)).astype(np.float32)
    plain, fast = (batch_policy(p, zoo.directory, car, 64, 0)(obs) for p in zoo.policies)
    assert (plain[:, 1] < 0.6).any() and (fast[:, 1] >= 0.6).all()
    np.testing.assert_array_equal(fast[:, 1], np.maximum(plain[:, 1], 0.6))
    np.testing.assert_array_equal(fast[:, [0, 2]], plain[:, [0, 2]])


@pytest.mark.parametrize(
    ("entry", "game", "message"),
    [
        ({"name": "f", "probe": "random", "action_min": [None, 0.3, None]}, "carracing", "file policy"),
        ({"name": "f", "file": "c.safetensors", "action_min": [0.3]}, "carracing", "one entry per action"),
        ({"name": "f", "file": "c.safetensors", "action_min": [None, 2.0, None]}, "carracing", "outside the action"),
        ({"name": "f", "file": "c.safetensors", "action_min": [1]}, "takecover", "continuous actions"),
    ],
)
def test_bad_action_min_entries_get_clear_errors(tmp_path: Path, entry: dict, game: str, message: str) -> None:
    (tmp_path / "c.safetensors").write_bytes(b"")
    with pytest.raises(WeightsError, match=message):
        load_zoo(_zoo(tmp_path, [entry], game=game), GAMES[game])


def test_a_zoo_made_on_another_v_refuses_its_screen_reading_policies(
    tiny_weights_by_game: dict[str, Path], tmp_path: Path
) -> None:
    weights = tiny_weights_by_game["takecover"]
    _controller(weights, tmp_path / "zoo" / "c.safetensors")
    entries = [{"name": "random", "probe": "random"}, {"name": "c", "file": "c.safetensors"}]
    other_v = load_zoo(_zoo(tmp_path / "zoo", entries, vision="0123456789abcdef"), TAKECOVER)
    with pytest.raises(ConfigError, match=r"made on V 0123456789abcdef.*\['c'\].*--policies random"):
        check_vision(other_v, other_v.policies, weights / "vae.safetensors")
    with pytest.raises(ConfigError, match="made on V 0123456789abcdef"):
        named_policy("zoo:c", TAKECOVER, weights, 0, other_v.directory)
    check_vision(other_v, other_v.select(["random"]), weights / "vae.safetensors")  # blind: no V involved
    named_policy("zoo:random", TAKECOVER, weights, 0, other_v.directory)
    same_v = load_zoo(_zoo(tmp_path / "zoo", entries, vision=file_fingerprint(weights / "vae.safetensors")), TAKECOVER)
    check_vision(same_v, same_v.policies, weights / "vae.safetensors")
    with pytest.raises(WeightsNotFoundError, match="no V at"):
        check_vision(other_v, other_v.policies, tmp_path / "nowhere" / "vae.safetensors")
    with pytest.raises(WeightsError, match="'vision' must be"):
        load_zoo(_zoo(tmp_path / "zoo", entries, vision="vae.safetensors"), TAKECOVER)


@pytest.mark.parametrize(
    ("entry", "error", "message"),
    [
        ({"name": "m", "probe": "random", "memory": "m.safetensors"}, WeightsError, "no 'file'"),
        ({"name": "m", "file": "c.safetensors", "memory": "gone.safetensors"}, WeightsNotFoundError, "gone"),
        ({"name": "m", "file": "c.safetensors", "memory": "c.safetensors"}, WeightsError, "'m': its memory is not"),
    ],
)
def test_bad_memory_entries_get_clear_errors(
    tiny_weights_by_game: dict[str, Path], tmp_path: Path, entry: dict, error: type, message: str
) -> None:
    _controller(tiny_weights_by_game["takecover"], tmp_path / "zoo" / "c.safetensors")
    with pytest.raises(error, match=message):
        zoo = load_zoo(_zoo(tmp_path / "zoo", [entry]), TAKECOVER)
        batch_policy(zoo.policies[0], zoo.directory, TAKECOVER, 1, 0)


def test_a_policy_with_its_own_memory_tracks_h_as_the_m_it_carries(
    tiny_weights_by_game: dict[str, Path], tmp_path: Path
) -> None:
    import gymnasium as gym

    weights = tiny_weights_by_game["takecover"]
    _controller(weights, tmp_path / "zoo" / "c.safetensors")
    shutil.copyfile(weights / "mdnrnn.safetensors", tmp_path / "zoo" / "m.safetensors")
    zoo = load_zoo(
        _zoo(
            tmp_path / "zoo",
            [
                {"name": "plain", "file": "c.safetensors"},
                {"name": "own", "file": "c.safetensors", "memory": "m.safetensors"},
            ],
        ),
        TAKECOVER,
    )
    env = gym.make_vec(TAKECOVER.dream_id, num_envs=3, weights=weights, termination="sample")
    plain, own = (batch_policy(p, zoo.directory, TAKECOVER, 3, 0, env.single_observation_space) for p in zoo.policies)
    obs, _ = env.reset(seed=[0, 1, 2])
    z_size = load_world_model(weights).vae.config.z_size
    for _ in range(20):  # through the M it was trained with, a policy with memory sees the dream's own h
        np.testing.assert_allclose(own.h.numpy(), obs[:, z_size:], atol=1e-5)
        actions = own(obs)
        np.testing.assert_array_equal(actions, plain(obs))
        obs, _, terminated, truncated, _ = env.step(actions)
        if (terminated | truncated).any():
            break
    env.close()


@needs_vizdoom
def test_a_policy_with_its_own_memory_is_not_replayed_for_a_new_m(
    tiny_weights_by_game: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weights = _tiny_weights_whose_dreams_end(tmp_path / "w")
    m, meta = load_mdnrnn(weights / "mdnrnn.safetensors")
    _controller(weights, tmp_path / "zoo" / "c.safetensors")
    shutil.copyfile(weights / "mdnrnn.safetensors", tmp_path / "zoo" / "m.safetensors")
    zoo = _zoo(
        tmp_path / "zoo",
        [
            {"name": "random", "probe": "random"},
            {"name": "plain", "file": "c.safetensors"},
            {"name": "own", "file": "c.safetensors", "memory": "m.safetensors"},
        ],
    )
    played: list[str] = []

    def record(task: tuple) -> list[float]:
        played.append(task[2].name)
        return [float(len(played))] * len(task[4])

    monkeypatch.setattr(fidelity_module, "zoo_real_episodes", record)
    args = FidelityArgs(
        "takecover", weights=weights, zoo=zoo, episodes=2, termination="sample", out=tmp_path / "out", workers=1
    )
    fidelity(args)
    assert sorted(played) == ["own", "plain", "random"]
    # the same V with another M: only the policy that reads the judged M's h is played again
    other = tmp_path / "other"
    shutil.copytree(weights, other)
    with torch.no_grad():
        m.lstm.weight_hh_l0.add_(0.1)
    save_mdnrnn(m, other / "mdnrnn.safetensors", meta)
    played.clear()
    fidelity(dataclasses.replace(args, weights=other))
    assert played == ["plain"]
