"""The ensemble of M: stacked stepping, the dream's ensemble modes, packing members, and clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
import torch
from test_dream_envs import assert_vector_matches_single

from dreamgym.cli import main
from dreamgym.envs import GAMES
from dreamgym.errors import ConfigError, WeightsError
from dreamgym.models.ensemble import StackedMDNRNN, disagreement, pick_member
from dreamgym.models.mdnrnn import MDNOutput
from dreamgym.testing import write_random_world_model
from dreamgym.training.episodes import bootstrap_files
from dreamgym.weights import MEMBERS_FILE, load_mdnrnn, load_mdnrnn_members, load_world_model, save_mdnrnn_members

TINY = {"z_size": 8, "hidden_size": 16, "mixtures": 3}
DREAM_IDS = [g.dream_id for g in GAMES.values()]
MODES = ("episode", "pessimistic")


@pytest.fixture(scope="module")
def ensembles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One tiny weight directory with a three-member ensemble of M per game, keyed by dream id."""
    root = tmp_path_factory.mktemp("ensembles")
    return {g.dream_id: write_random_world_model(root / g.name, g, members=3, **TINY) for g in GAMES.values()}


def test_stacked_step_equals_each_members_own_step(ensembles: dict[str, Path]) -> None:
    wm = load_world_model(ensembles["DreamTakeCover-v0"])
    stacked = StackedMDNRNN(wm.members)
    gen = torch.Generator().manual_seed(0)
    z, a = torch.randn(5, 8, generator=gen), torch.eye(3)[torch.tensor([0, 1, 2, 1, 0])]
    h, c = torch.randn(3, 5, 16, generator=gen), torch.randn(3, 5, 16, generator=gen)
    with torch.no_grad():
        out, h2, c2 = stacked.step(z, a, h, c)
        for k, m in enumerate(wm.members):
            own, hk, ck = m.step(z, a, h[k], c[k])
            for name in ("logits", "mu", "logsigma", "done_logit"):
                torch.testing.assert_close(getattr(out, name)[k], getattr(own, name), atol=1e-5, rtol=1e-5)
            torch.testing.assert_close(h2[k], hk, atol=1e-5, rtol=1e-5)
            torch.testing.assert_close(c2[k], ck, atol=1e-5, rtol=1e-5)
        picked = pick_member(out, torch.tensor([2, 0, 1, 1, 2]))
    torch.testing.assert_close(picked.mu[0], out.mu[2, 0])
    torch.testing.assert_close(picked.done_logit[2], out.done_logit[1, 2])


@pytest.mark.parametrize("env_id", DREAM_IDS)
@pytest.mark.parametrize("mode", MODES)
def test_vector_env_matches_single_env_in_ensemble_modes(env_id: str, mode: str, ensembles: dict[str, Path]) -> None:
    # episode mode: the single env takes the numpy step with its member's weights, the vector env groups by member
    assert (gym.make(env_id, weights=ensembles[env_id], ensemble=mode).unwrapped._fast is not None) == (
        mode == "episode"
    )
    assert_vector_matches_single(env_id, ensembles[env_id], n=4, ensemble=mode, termination="sample")


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_off_ignores_the_members_and_episode_mode_draws_them_by_seed(env_id: str, ensembles: dict[str, Path]) -> None:
    def trajectory(weights: Path, seed: int, **kwargs: object) -> np.ndarray:
        env = gym.make(env_id, weights=weights, **kwargs)
        env.action_space.seed(0)
        obs = [env.reset(seed=seed)[0]] + [env.step(env.action_space.sample())[0] for _ in range(5)]
        env.close()
        return np.stack(obs)

    single = ensembles[env_id].parent / f"{env_id}-single"
    shutil.copytree(ensembles[env_id], single, dirs_exist_ok=True)
    (single / MEMBERS_FILE).unlink()
    np.testing.assert_array_equal(trajectory(ensembles[env_id], 3), trajectory(single, 3))
    np.testing.assert_array_equal(
        trajectory(ensembles[env_id], 3, ensemble="episode"), trajectory(ensembles[env_id], 3, ensemble="episode")
    )
    drawn = set()
    for seed in range(12):
        env = gym.make(env_id, weights=ensembles[env_id], ensemble="episode")
        env.reset(seed=seed)
        drawn.add(int(env.unwrapped._dream.member[0]))
    assert drawn == {0, 1, 2}


def test_pessimistic_mode_dies_when_any_member_says_so(tmp_path: Path) -> None:
    game = GAMES["takecover"]
    weights = write_random_world_model(tmp_path / "w", game, members=3, **TINY)
    members, _ = load_mdnrnn_members(weights / MEMBERS_FILE)
    with torch.no_grad():
        members[1].done_head.bias.fill_(50.0)  # member 2 of 3 predicts death at every step
    save_mdnrnn_members(members, weights / MEMBERS_FILE)
    lengths = {}
    for mode in MODES:
        venv = gym.make_vec(game.dream_id, num_envs=30, weights=weights, ensemble=mode)
        venv.reset(seed=0)
        _, _, term, _, _ = venv.step(np.zeros(30, dtype=np.int64))
        lengths[mode] = term
        member = venv.unwrapped._dream.member.numpy()
        if mode == "episode":
            np.testing.assert_array_equal(term, member == 2)
    assert lengths["pessimistic"].all() and 0 < lengths["episode"].sum() < 30


def test_ensemble_errors_are_clear(ensembles: dict[str, Path], tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="holds one M"):
        gym.make("DreamTakeCover-v0", weights=tiny_weights["DreamTakeCover-v0"], ensemble="episode")
    with pytest.raises(ConfigError, match="ensemble must be one of"):
        gym.make("DreamTakeCover-v0", weights=ensembles["DreamTakeCover-v0"], ensemble="mean")
    other = write_random_world_model(tmp_path / "big", GAMES["takecover"], z_size=8, hidden_size=24, mixtures=3)
    bad = tmp_path / "bad"
    shutil.copytree(ensembles["DreamTakeCover-v0"], bad)
    save_mdnrnn_members([load_mdnrnn(other / "mdnrnn.safetensors")[0]], bad / MEMBERS_FILE)
    with pytest.raises(WeightsError, match="share one architecture"):
        load_world_model(bad)
    (bad / MEMBERS_FILE).write_bytes(b"not a safetensors file")
    with pytest.raises(WeightsError, match="not a readable safetensors"):
        load_world_model(bad)


def test_cli_packs_members_into_a_weight_directory(tiny_weights: dict[str, Path], tmp_path: Path, capsys) -> None:
    game = GAMES["takecover"]
    weights = tmp_path / "w"
    shutil.copytree(tiny_weights[game.dream_id], weights)
    members = [
        write_random_world_model(tmp_path / f"m{i}", game, seed=i, **TINY) / "mdnrnn.safetensors" for i in (1, 2)
    ]
    assert main(["ensemble", str(weights), "--members", ",".join(map(str, members))]) == 0
    assert "an ensemble of 3 members" in capsys.readouterr().out
    wm = load_world_model(weights)
    assert len(wm.members) == 3
    torch.testing.assert_close(wm.members[2].mdn.weight, load_mdnrnn(members[1])[0].mdn.weight)
    env = gym.make(game.dream_id, weights=weights, ensemble="pessimistic")
    env.reset(seed=0)
    env.step(0)
    full = (weights / MEMBERS_FILE).stat().st_size
    assert main(["ensemble", str(weights), "--members", ",".join(map(str, members)), "--dtype", "float16"]) == 0
    assert (weights / MEMBERS_FILE).stat().st_size < 0.6 * full  # half the bytes per weight
    torch.testing.assert_close(
        load_world_model(weights).members[2].mdn.weight, load_mdnrnn(members[1])[0].mdn.weight, atol=1e-3, rtol=1e-3
    )
    other = write_random_world_model(tmp_path / "big", game, z_size=8, hidden_size=24, mixtures=3)
    assert main(["ensemble", str(weights), "--members", str(other / "mdnrnn.safetensors")]) == 2
    assert "differs" in capsys.readouterr().err
    assert main(["ensemble", str(weights), "--members", str(members[0]), "--dtype", "int8"]) == 2


def test_bootstrap_resamples_with_replacement_by_seed() -> None:
    files = [Path(f"ep_{i:06d}.npz") for i in range(40)]
    a, b = bootstrap_files(files, 1), bootstrap_files(files, 2)
    assert len(a) == len(b) == 40 and a == bootstrap_files(files, 1) and a != b
    assert len(set(a)) < 40 and set(a) <= set(files)


def test_the_shipped_take_cover_weights_carry_an_ensemble() -> None:
    from dreamgym.weights import pretrained_dir

    if not (pretrained_dir("takecover") / MEMBERS_FILE).exists():
        pytest.skip("no shipped ensemble")
    env = gym.make("DreamTakeCover-v0", ensemble="episode")
    assert len(env.unwrapped.world_model.members) == 4
    assert_vector_matches_single("DreamTakeCover-v0", pretrained_dir("takecover"), n=4, steps=30, ensemble="episode")


@pytest.mark.parametrize("mode", MODES)
def test_cma_es_trains_in_an_ensemble_mode_and_records_it(
    mode: str, ensembles: dict[str, Path], tmp_path: Path
) -> None:
    from dreamgym.training.train_controller import ControllerArgs, train_controller
    from dreamgym.weights import load_controller

    weights = ensembles["DreamCarRacing-v0"]
    args = ControllerArgs("DreamCarRacing-v0", weights, tmp_path / mode, generations=2, population=4, rollouts=2)
    args.max_steps, args.eval_every, args.eval_rollouts, args.ensemble = 20, 1, 4, mode
    args.disagreement_penalty = 0.5 if mode == "pessimistic" else None
    train_controller(args)
    meta = load_controller(tmp_path / mode / "controller_mean.safetensors")[1]
    assert meta["ensemble"] == mode and meta.get("disagreement_penalty") == args.disagreement_penalty
    with pytest.raises(ConfigError, match="real game"):
        train_controller(ControllerArgs("RealCarRacing-v0", weights, tmp_path / "real", ensemble=mode))


def test_disagreement_is_the_members_spread_on_the_next_z() -> None:
    mu = torch.zeros(3, 2, 4, 2)
    mu[1, 1] += 1.0
    mu[2, 1] -= 1.0  # row 1: the members' means are -1, 0, +1 in every dimension; row 0: all agree
    out = MDNOutput(torch.zeros(3, 2, 4, 2), mu, torch.zeros(3, 2, 4, 2), None, None)
    torch.testing.assert_close(disagreement(out), torch.tensor([0.0, (2 / 3) ** 0.5]))


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_disagreement_penalty_lowers_each_reward_by_the_spread_and_nothing_else(
    env_id: str, ensembles: dict[str, Path]
) -> None:
    def run(penalty: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        venv = gym.make_vec(
            env_id, num_envs=4, weights=ensembles[env_id], ensemble="pessimistic", disagreement_penalty=penalty
        )
        venv.action_space.seed(0)
        obs, rewards, spreads, live = [venv.reset(seed=5)[0]], [], [], [np.ones(4, bool)]
        dream = venv.unwrapped._dream
        for _ in range(6):
            z, a = dream.z.clone(), venv.action_space.sample()
            with torch.no_grad():
                everyone = dream.stacked.step(z, dream.game.encode_actions(torch.as_tensor(a)), dream.hs, dream.cs)[0]
            o, r, term, trunc, _ = venv.step(a)
            obs.append(o)
            rewards.append(r)
            spreads.append(disagreement(everyone).numpy())
            live.append(live[-1] & ~term & ~trunc)
        venv.close()
        return np.stack(obs), np.stack(rewards), np.stack(spreads), np.stack(live[:-1])

    obs0, r0, spread, live = run(0.0)
    obs2, r2, _, _ = run(2.0)
    np.testing.assert_array_equal(obs0, obs2)  # the penalty changes what a step pays, never where the dream goes
    assert live[:2].all() and (spread[live] > 0).all()
    np.testing.assert_allclose(r2[live], (r0 - 2.0 * spread)[live], rtol=1e-5, atol=1e-5)
    assert_vector_matches_single(
        env_id, ensembles[env_id], n=3, ensemble="pessimistic", disagreement_penalty=0.5, termination="sample"
    )


def test_disagreement_penalty_errors_are_clear(ensembles: dict[str, Path]) -> None:
    weights = ensembles["DreamCarRacing-v0"]
    with pytest.raises(ConfigError, match="needs ensemble='pessimistic'"):
        gym.make("DreamCarRacing-v0", weights=weights, ensemble="episode", disagreement_penalty=1.0)
    with pytest.raises(ConfigError, match="finite and >= 0"):
        gym.make_vec("DreamCarRacing-v0", num_envs=2, weights=weights, ensemble="pessimistic", disagreement_penalty=-1)
    with pytest.raises(ConfigError, match="must be a number"):
        gym.make("DreamCarRacing-v0", weights=weights, ensemble="pessimistic", disagreement_penalty="high")
