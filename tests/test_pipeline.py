"""The training pipeline on a tiny budget: every stage runs, writes what it promises, and resumes."""

from __future__ import annotations

import csv
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
import torch
from safetensors import safe_open

from dreamgym.envs import GAMES
from dreamgym.envs.sources import source_available
from dreamgym.errors import ConfigError
from dreamgym.training.collect import CollectArgs, collect
from dreamgym.training.train_controller import ControllerArgs, train_controller
from dreamgym.training.train_mdnrnn import MDNRNNArgs, train_mdnrnn
from dreamgym.training.train_vae import VAEArgs, train_vae

TAKECOVER = GAMES["takecover"]
needs_vizdoom = pytest.mark.skipif(not source_available(TAKECOVER), reason="vizdoom not installed")


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whole tiny pipeline through the CLI, as a user would run it."""
    if not source_available(TAKECOVER):
        pytest.skip("vizdoom not installed")
    work = tmp_path_factory.mktemp("pipeline")
    cmd = [
        sys.executable,
        "-m",
        "dreamgym.cli",
        "pipeline",
        "takecover",
        "--workdir",
        str(work),
        "--episodes",
        "3",
        "--workers",
        "1",
        "--vae-epochs",
        "1",
        "--mdnrnn-steps",
        "4",
        "--seq-len",
        "64",
        "--mdnrnn-batch",
        "4",
        "--episode-start",
        "0.5",
        "--generations",
        "2",
        "--population",
        "4",
        "--rollouts",
        "2",
        "--eval-episodes",
        "2",
        "--z-size",
        "8",
        "--hidden-size",
        "16",
        "--max-steps",
        "40",
    ]
    subprocess.run(cmd, check=True, timeout=600)
    return work


@needs_vizdoom
def test_pipeline_writes_every_stage(tiny_run: Path) -> None:
    w = tiny_run
    assert len(list((w / "data").glob("ep_*.npz"))) == 3
    from dreamgym.training.episodes import read_episode

    ep = read_episode(w / "data" / "ep_000000.npz")
    assert ep["game_variables"].shape == (len(ep["actions"]), 1) and ep["game_variables"][0, 0] == 100  # HEALTH
    manifest = json.loads((w / "data" / "manifest.json").read_text())
    assert manifest["episodes"] == 3 and manifest["crop"] == list(TAKECOVER.crop) and manifest["minutes"] > 0
    for f in (
        "vae/curve.png",
        "vae/reconstructions.png",
        "vae/log.csv",
        "mdnrnn/metrics.json",
        "mdnrnn/curve.png",
        "controller/curve.png",
        "controller/controller_mean.safetensors",
        "encoded/manifest.json",
    ):
        assert (w / f).exists(), f
    metrics = json.loads((w / "mdnrnn" / "metrics.json").read_text())
    assert len(metrics["nll_per_dim"]) == 8 and "done_precision" in metrics and "done_recall" in metrics
    from dreamgym.weights import read_metadata

    assert read_metadata(w / "mdnrnn" / "mdnrnn.safetensors", "mdnrnn")["train"]["episode_start"] == 0.5
    for name in ("vae", "mdnrnn", "initial_latents", "controller"):
        assert (w / "weights" / f"{name}.safetensors").exists()
    results = sorted(p.name for p in (w / "eval").glob("*.json"))
    assert results == [
        "DreamTakeCover-v0_controller.json",
        "DreamTakeCover-v0_random.json",
        "RealTakeCover-v0_controller.json",
        "RealTakeCover-v0_random.json",
    ]
    real = json.loads((w / "eval" / "RealTakeCover-v0_random.json").read_text())
    assert real["episodes"] == 2 and real["mean"] > 0


@needs_vizdoom
def test_trained_weights_make_both_twins_with_the_same_spaces(tiny_run: Path) -> None:
    from gymnasium.utils.env_checker import check_env

    dream = gym.make("DreamTakeCover-v0", weights=tiny_run / "weights")
    real = gym.make("RealTakeCover-v0", weights=tiny_run / "weights")
    assert dream.action_space == real.action_space
    assert dream.observation_space == real.observation_space
    obs, _ = real.reset(seed=0)
    assert real.observation_space.contains(obs)
    check_env(real.unwrapped, skip_render_check=True)
    real.close()


@needs_vizdoom
def test_collect_resumes_without_redoing_episodes(tiny_run: Path) -> None:
    data = tiny_run / "data"
    before = {p.name: p.stat().st_mtime_ns for p in data.glob("ep_*.npz")}
    (data / "ep_000001.npz").unlink()
    collect(CollectArgs("takecover", data, episodes=3, workers=1))
    after = {p.name: p.stat().st_mtime_ns for p in data.glob("ep_*.npz")}
    assert set(after) == set(before)
    assert after["ep_000000.npz"] == before["ep_000000.npz"] and after["ep_000002.npz"] == before["ep_000002.npz"]


def _steps(log: Path, column: str) -> list[float]:
    with log.open() as f:
        return [float(r[column]) for r in csv.DictReader(f) if r[column]]


@needs_vizdoom
def test_vae_resumes_from_its_checkpoint(tiny_run: Path, tmp_path: Path) -> None:
    args = VAEArgs("takecover", tiny_run / "data", tmp_path / "vae", epochs=1, z_size=8, batch_size=50)
    train_vae(args)
    first = _steps(tmp_path / "vae" / "log.csv", "step")
    args.epochs = 2
    train_vae(args)
    steps = _steps(tmp_path / "vae" / "log.csv", "step")
    assert steps[: len(first)] == first and steps[len(first)] > first[-1]  # continued, did not restart at 0


@needs_vizdoom
def test_vae_fine_tunes_from_a_trained_v_with_salient_pixels_weighted(tiny_run: Path, tmp_path: Path) -> None:
    from dreamgym.weights import load_vae

    start = tiny_run / "vae" / "vae.safetensors"
    args = VAEArgs("takecover", tiny_run / "data", tmp_path / "v2", epochs=1, batch_size=50, init=start)
    train_vae(dataclasses.replace(args, salient_weight=9.0, lr=0.0))
    tuned, meta = load_vae(tmp_path / "v2" / "vae.safetensors")
    assert tuned.config == load_vae(start)[0].config and meta["preprocess"]["train"]["salient_weight"] == 9.0
    for a, b in zip(tuned.state_dict().values(), load_vae(start)[0].state_dict().values(), strict=True):
        torch.testing.assert_close(a, b)  # lr 0: the fine-tune started from the given V, not a fresh one
    with pytest.raises(ConfigError, match="salient"):
        train_vae(dataclasses.replace(args, out=tmp_path / "v3", salient_weight=-1.0))
    # the card tells the whole chain: the V it started from, then the fine-tune with its weight
    from dreamgym.training.model_card import _vae_line, vae_history

    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "vae").symlink_to(tmp_path / "v2")
    history = vae_history(tmp_path / "run")
    assert [h["salient_weight"] for h in history] == [0.0, 9.0] and history[0]["file"] == str(start)
    v = {"epochs": 1, "steps": 3, "final_loss": 1.0, "final_reconstruction": 1.0, "final_kl": 0.0, "history": history}
    line = _vae_line({"vae": v})
    assert f"V: {history[0]['epochs']} epochs, then 1 epoch fine-tuned from that V" in line and "weighted 10x" in line


@needs_vizdoom
def test_mdnrnn_resumes_from_its_checkpoint(tiny_run: Path, tmp_path: Path) -> None:
    args = MDNRNNArgs(
        "takecover",
        tiny_run / "encoded",
        tmp_path / "m",
        steps=3,
        batch_size=2,
        seq_len=32,
        hidden_size=16,
        eval_every=100,
    )
    train_mdnrnn(args)
    args.steps = 6
    train_mdnrnn(args)
    assert _steps(tmp_path / "m" / "log.csv", "step") == [1, 2, 3, 4, 5, 6]


def _long_episodes(directory: Path, count: int = 4, length: int = 200) -> list[Path]:
    """Encoded episodes whose latents count their own steps (mu[t] = t, no noise), so a window shows its start."""
    from dreamgym.training.episodes import episode_path, write_episode

    directory.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        steps = np.arange(length + 1, dtype=np.float16)[:, None].repeat(4, axis=1)
        write_episode(
            episode_path(directory, i),
            mu=steps,
            logvar=np.full_like(steps, -60.0),
            actions=np.zeros(length, np.int64),
            rewards=np.zeros(length, np.float32),
            terminated=np.zeros(length, bool),
        )
    return sorted(directory.glob("ep_*.npz"))


def test_mdnrnn_windows_begin_at_episode_starts_as_often_as_asked(tmp_path: Path) -> None:
    from dreamgym.training.train_mdnrnn import EncodedEpisodes

    data = EncodedEpisodes(_long_episodes(tmp_path), TAKECOVER)
    indices = np.arange(4).repeat(50)
    first = {p: data.batch(indices, 32, np.random.default_rng(0), episode_start=p)["z"][:, 0, 0] for p in (0, 0.5, 1)}
    at_start = {p: (f.abs() < 0.5).float().mean() for p, f in first.items()}
    assert at_start[1] == 1 and 0.3 < at_start[0.5] < 0.7 and at_start[0] < 0.05
    default = data.batch(indices, 32, np.random.default_rng(0))["z"]
    assert torch.equal(default[:, 0, 0], first[0]), "episode_start=0 must draw the original's windows exactly"


def test_mdnrnn_refuses_an_episode_start_fraction_above_one(tmp_path: Path) -> None:
    _long_episodes(tmp_path / "encoded")
    with pytest.raises(ConfigError, match="--episode-start"):
        train_mdnrnn(MDNRNNArgs("takecover", tmp_path / "encoded", tmp_path / "m", steps=1, episode_start=1.5))


@needs_vizdoom
def test_controller_resumes_from_its_checkpoint(tiny_run: Path, tmp_path: Path) -> None:
    args = ControllerArgs(
        "DreamTakeCover-v0",
        tiny_run / "weights",
        tmp_path / "c",
        generations=1,
        population=4,
        rollouts=2,
        max_steps=20,
        eval_every=0,
        keep_every=2,
    )
    train_controller(args)
    args.generations = 3
    train_controller(args)
    assert _steps(tmp_path / "c" / "log.csv", "generation") == [1, 2, 3]
    assert sorted(p.name for p in (tmp_path / "c").glob("controller_mean_gen*")) == ["controller_mean_gen2.safetensors"]


def test_cli_reports_user_errors_without_a_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dreamgym.cli",
            "train",
            "vae",
            "takecover",
            "--data",
            str(tmp_path / "none"),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "no episodes in" in proc.stderr and "Traceback" not in proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "dreamgym.cli", "evaluate", "NoSuchEnv-v0"], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "unknown env id" in proc.stderr


@pytest.fixture(scope="module")
def carded_weights(tiny_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny run's report, with its weights beside the card (as `pretrained/takecover` is): written once, read
    by every report test (the base of a continued round)."""
    import shutil

    from dreamgym.training.report import ReportArgs, report

    out = tmp_path_factory.mktemp("card")
    report(ReportArgs("takecover", tiny_run, out, episodes=2, workers=1, gif_steps=10, salient_episodes=2))
    for f in ("vae.safetensors", "mdnrnn.safetensors", "controller.safetensors", "initial_latents.safetensors"):
        shutil.copyfile(tiny_run / "weights" / f, out / f)
    return out


@needs_vizdoom
def test_report_writes_the_model_card(carded_weights: Path) -> None:
    out = carded_weights
    for f in ("card.json", "README.md", "reconstructions.png", "side_by_side.gif", "vae_curve.png"):
        assert (out / f).exists(), f
    card = json.loads((out / "card.json").read_text())
    assert {
        "dream_random_tau1.0",
        f"dream_random_tau{TAKECOVER.default_temperature}",
        "real_random",
        "real_constant:0",
        "dream_controller",
        "real_controller",
    } <= set(card["scores"])
    assert card["minutes_per_stage_2_cores"]["collect"] > 0
    assert len(card["mdnrnn"]["nll_per_dim"]) == 8
    salient = card["v_salient_recall"]
    assert salient["frames"] > 0 and len(salient["by_size"]) == 4 and 0 <= salient["recall"] <= 1
    rates = card["large_salient_rate"]
    assert set(rates) == {"random", "constant:0"} and all(
        0 <= r[k] <= 1 for r in rates.values() for k in ("dream", "real")
    )
    assert "| random | RealTakeCover-v0 |" in (out / "README.md").read_text()
    assert "large fireball" in (out / "README.md").read_text()


CARRACING = GAMES["carracing"]


@pytest.mark.skipif(not source_available(CARRACING), reason="box2d not installed")
@pytest.mark.slow
def test_carracing_pipeline_with_reward_head_and_two_iterations(tmp_path: Path) -> None:
    """CarRacing end to end on a tiny budget: M learns reward and done and reads the measured speed, and the
    iterative loop runs a second round from controller rollouts (files after ITERATION_INDEX), fine-tuning M and
    retraining C from the first C."""
    from dreamgym.training.episodes import read_episode, read_manifest
    from dreamgym.training.pipeline import ITERATION_INDEX, PipelineArgs, pipeline
    from dreamgym.weights import load_mdnrnn

    w = tmp_path / "cr"
    args = PipelineArgs(
        "carracing",
        w,
        episodes=2,
        workers=2,
        vae_epochs=1,
        mdnrnn_steps=3,
        seq_len=32,
        mdnrnn_batch=2,
        generations=1,
        population=4,
        rollouts=1,
        eval_episodes=1,
        z_size=8,
        hidden_size=16,
        max_steps=20,
        iterations=2,
        iteration_episodes=1,
        iteration_mdnrnn_steps=2,
        measurements=True,
    )
    weights = pipeline(args)
    assert weights == w / "weights_iter1"
    with safe_open(str(w / "controller_iter1" / "cma_state.safetensors"), "pt") as f:
        assert json.loads(f.metadata()["args"])["init"] is None  # a later iteration's C searches from zero
    with pytest.raises(ConfigError, match="iteration-controller-init"):
        pipeline(dataclasses.replace(args, iteration_controller_init="last"))
    m, _ = load_mdnrnn(weights / "mdnrnn.safetensors")
    assert m.reward_head is not None and m.done_head is not None
    metrics = json.loads((w / "mdnrnn" / "metrics.json").read_text())
    assert {"reward_rmse", "reward_rmse_tile_steps", "done_precision", "done_recall"} <= metrics.keys()
    iteration_episode = read_episode(w / "data" / f"ep_{ITERATION_INDEX:06d}.npz")
    assert iteration_episode["frames"].shape[1:] == (64, 64, 3) and iteration_episode["actions"].shape[1] == 3
    # the dashboard's speed, hidden by the crop, is collected beside every frame, encoded after V's z and read by M
    assert iteration_episode["measurements"].shape == (len(iteration_episode["actions"]), 1)
    assert m.config.measured == 1 and m.config.z_size == 8 + 1
    manifest = read_manifest(w / "data")
    assert manifest["episodes"] == 3 and [r["first_index"] for r in manifest["runs"]] == [0, ITERATION_INDEX]
    assert manifest["seed"] == manifest["runs"][0]["seed"] != manifest["runs"][1]["seed"]  # the card's data seed
    summary = json.loads((w / "eval" / "iterations.json").read_text())
    assert [row["iteration"] for row in summary] == [0, 1]
    assert all(f"{CARRACING.real_id} controller mean" in row for row in summary)
    with open(w / "controller_iter1" / "log.csv") as f:
        assert len(list(csv.DictReader(f))) == 1
    pipeline(args)  # a re-run finds every stage finished and changes nothing
    assert read_manifest(w / "data")["episodes"] == 3

    from dreamgym.training.report import ReportArgs, report

    out = tmp_path / "card"
    report(ReportArgs("carracing", w, out, episodes=1, workers=1, gif_steps=5, iteration=1))
    card = json.loads((out / "card.json").read_text())
    assert card["iteration"] == 1 and card["controller"]["shipped"]
    assert [r["first_index"] for r in card["iteration_runs"]] == [ITERATION_INDEX]
    assert card["mdnrnn"]["steps"] == "2"  # the fine-tuned M of iteration 1, not the first M
    assert {"dream_controller", "real_controller", "real_random"} <= card["scores"].keys()
    assert card["data"]["episodes"] == 3 and card["controller"]["ships"] == "best"  # what the pipeline copies
    assert "1 were played by `controller weights/controller.safetensors`" in (out / "README.md").read_text()
    with pytest.raises(ConfigError, match="weights_iter2"):
        report(ReportArgs("carracing", w, out, episodes=1, iteration=2))


@needs_vizdoom
def test_collect_plays_a_constant_probe_and_perturbed_controllers(tiny_run: Path, tmp_path: Path) -> None:
    weights = tiny_run / "weights"
    collect(
        CollectArgs("takecover", tmp_path, episodes=1, workers=1, controller="constant:1", weights=weights, noise=0)
    )
    assert set(np.load(tmp_path / "ep_000000.npz")["actions"].tolist()) == {1}
    played = []
    for k, (param_noise, hold) in enumerate(((0.0, 1), (0.0, 1), (1.0, 5))):
        args = dict(controller=str(weights / "controller.safetensors"), weights=weights, noise=0.0, noise_hold=hold)
        collect(CollectArgs("takecover", tmp_path / str(k), episodes=1, workers=1, param_noise=param_noise, **args))
        played.append(np.load(tmp_path / str(k) / "ep_000000.npz")["actions"])
    assert np.array_equal(played[0], played[1]) and not np.array_equal(played[0], played[2])
    run = json.loads((tmp_path / "2" / "manifest.json").read_text())["runs"][0]
    assert run["param_noise"] == 1.0 and run["noise_hold"] == 5
    assert json.loads((tmp_path / "manifest.json").read_text())["runs"][0]["policy"] == "controller constant:1"
    with pytest.raises(ConfigError, match="constant:5"):
        collect(CollectArgs("takecover", tmp_path, episodes=1, controller="constant:5", weights=weights))
    with pytest.raises(ConfigError, match="random"):
        collect(CollectArgs("takecover", tmp_path, episodes=1, controller="random", weights=weights))


@needs_vizdoom
def test_collect_plays_any_policy_zoo_or_user_callable(
    tiny_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weights = tiny_run / "weights"
    collect(
        CollectArgs(
            "takecover", tmp_path / "zoo", episodes=1, workers=1, policy="zoo:hold right", weights=weights, noise=0
        )
    )
    assert set(np.load(tmp_path / "zoo" / "ep_000000.npz")["actions"].tolist()) == {1}
    own = tmp_path / "behaviours"
    own.mkdir()
    (own / "zoo.json").write_text(
        json.dumps(
            {
                "format_version": 1,
                "game": "takecover",
                "zoo_version": 1,
                "policies": [{"name": "go left", "probe": "constant:2"}, {"name": "still", "probe": "constant:0"}],
            }
        )
    )
    collect(
        CollectArgs(
            "takecover",
            tmp_path / "own",
            episodes=1,
            workers=1,
            policy="zoo:go left",
            zoo=own,
            weights=weights,
            noise=0,
        )
    )
    assert set(np.load(tmp_path / "own" / "ep_000000.npz")["actions"].tolist()) == {2}
    assert json.loads((tmp_path / "own" / "manifest.json").read_text())["runs"][0]["policy"].endswith(str(own))
    with pytest.raises(ConfigError, match="--zoo"):
        collect(CollectArgs("takecover", tmp_path / "bad", episodes=1, policy="x:y", zoo=own, weights=weights))
    (tmp_path / "my_policy.py").write_text("def left(obs):\n    assert obs.shape == (24,)\n    return 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    collect(
        CollectArgs(
            "takecover", tmp_path / "mine", episodes=1, workers=1, policy="my_policy:left", weights=weights, noise=0
        )
    )
    assert set(np.load(tmp_path / "mine" / "ep_000000.npz")["actions"].tolist()) == {2}
    manifest = json.loads((tmp_path / "mine" / "manifest.json").read_text())
    assert manifest["runs"][0]["policy"] == "policy my_policy:left"
    (tmp_path / "my_stateful.py").write_text(
        "class PerEpisode:\n"
        "    def reset(self, seed):\n"
        "        self.action = seed % 3\n"
        "    def __call__(self, obs):\n"
        "        return self.action\n"
        "policy = PerEpisode()\n"
    )
    collect(
        CollectArgs(
            "takecover",
            tmp_path / "own_reset",
            episodes=2,
            workers=1,
            seed=1,
            policy="my_stateful:policy",
            weights=weights,
            noise=0,
        )
    )
    for i in range(2):  # reset(seed=...) chose each episode's action from that episode's seed
        played = set(np.load(tmp_path / "own_reset" / f"ep_00000{i}.npz")["actions"].tolist())
        assert played == {(1_000_003 + i) % 3}
    (tmp_path / "my_reset_without_seed.py").write_text(
        "class NoSeed:\n    def reset(self):\n        pass\n    def __call__(self, obs):\n        return 0\npolicy = NoSeed()\n"
    )
    with pytest.raises(ConfigError, match=r"reset\(\) must accept seed"):
        collect(
            CollectArgs(
                "takecover", tmp_path / "bad", episodes=1, policy="my_reset_without_seed:policy", weights=weights
            )
        )
    for bad, message in (
        ("my_policy:nothing", "cannot import"),
        ("zoo:nobody", "unknown zoo policies"),
        ("x", "expected"),
    ):
        with pytest.raises(ConfigError, match=message):
            collect(CollectArgs("takecover", tmp_path / "bad", episodes=1, policy=bad, weights=weights))
    with pytest.raises(ConfigError, match="alternatives"):
        collect(
            CollectArgs(
                "takecover", tmp_path / "bad", episodes=1, policy="zoo:random", controller="constant:1", weights=weights
            )
        )


@needs_vizdoom
@pytest.mark.slow
def test_report_of_a_run_continued_from_shipped_weights(carded_weights: Path, tmp_path: Path) -> None:
    """A new workdir that keeps a card's V and fine-tunes its M and C: the card carries V, minutes and commands."""
    import shutil

    from dreamgym.training.encode import EncodeArgs, encode
    from dreamgym.training.report import ReportArgs, report

    base = carded_weights
    w = tmp_path / "next"
    collect(CollectArgs("takecover", w / "data", episodes=2, workers=1, seed=7))
    collect(CollectArgs("takecover", w / "data", 1, 1, 8, controller="constant:0", weights=base, first_index=500))
    encode(EncodeArgs(w / "data", base / "vae.safetensors", w / "encoded"))
    m = MDNRNNArgs("takecover", w / "encoded", w / "mdnrnn_iter1", steps=2, batch_size=2, seq_len=32)
    train_mdnrnn(dataclasses.replace(m, init=base / "mdnrnn.safetensors"))
    (w / "weights_iter1").mkdir()
    for f in (base / "vae.safetensors", w / "mdnrnn_iter1" / "mdnrnn.safetensors", base / "controller.safetensors"):
        shutil.copyfile(f, w / "weights_iter1" / f.name)
    shutil.copyfile(w / "encoded" / "initial_latents.safetensors", w / "weights_iter1" / "initial_latents.safetensors")
    (w / "commands.txt").write_text("dreamgym collect takecover --out data --episodes 2\n")
    out = tmp_path / "card"
    report(
        ReportArgs("takecover", w, out, episodes=1, workers=1, gif_steps=5, iteration=1, base=base, salient_episodes=1)
    )
    card, earlier = (json.loads((d / "card.json").read_text()) for d in (out, base))
    assert card["vae"] == earlier["vae"] and (out / "vae_curve.png").exists()
    assert card["continues"]["data"] == earlier["data"] and card["data"]["episodes"] == 3
    minutes, before = card["minutes_per_stage_2_cores"], earlier["minutes_per_stage_2_cores"]
    assert minutes["vae"] == before["vae"] and minutes["collect"] > before["collect"]
    assert card["commands"][-1] == "dreamgym collect takecover --out data --episodes 2"
    assert card["commands"][0] == earlier["commands"][0] and len(card["commands"]) == len(earlier["commands"]) + 1
    assert "Continues from the weights of iteration 0" in (out / "README.md").read_text()
    with pytest.raises(ConfigError, match=r"card\.json"):
        report(ReportArgs("takecover", w, out, episodes=1, iteration=1, base=tmp_path))


@needs_vizdoom
def test_report_of_a_controller_only_round(carded_weights: Path, tmp_path: Path) -> None:
    """A workdir that retrained only C in the base weights' dream: its card repeats their data, V and M facts
    and re-measures every score."""
    import shutil

    from dreamgym.training.report import ReportArgs, report

    base = carded_weights
    w = tmp_path / "c_only"
    args = ControllerArgs(
        "DreamTakeCover-v0",
        base,
        w / "controller_iter1",
        generations=2,
        population=4,
        rollouts=2,
        max_steps=20,
        eval_every=0,
        keep_every=1,
        init=base / "controller.safetensors",
    )
    train_controller(args)
    (w / "weights_iter1").mkdir()
    for f in ("vae.safetensors", "mdnrnn.safetensors", "initial_latents.safetensors"):
        shutil.copyfile(base / f, w / "weights_iter1" / f)
    shutil.copyfile(  # one of the kept means, as when the dream chose an earlier generation
        w / "controller_iter1" / "controller_mean_gen1.safetensors", w / "weights_iter1" / "controller.safetensors"
    )
    out = tmp_path / "card"
    report(
        ReportArgs("takecover", w, out, episodes=1, workers=1, gif_steps=5, iteration=1, base=base, salient_episodes=1)
    )
    card, earlier = (json.loads((d / "card.json").read_text()) for d in (out, base))
    assert card["data"] == earlier["data"] and card["mdnrnn"] == earlier["mdnrnn"] and card["vae"] == earlier["vae"]
    assert card["controller"]["ships"] == "mean of generation 1" and card["controller"]["generations"] == 2
    minutes, before = card["minutes_per_stage_2_cores"], earlier["minutes_per_stage_2_cores"]
    assert minutes["collect"] == before["collect"] and minutes["vae"] == before["vae"]
    assert {"real_controller", "dream_controller", "real_random"} <= card["scores"].keys()
    for f in ("reconstructions.png", "mdnrnn_curve.png", "controller_curve.png", "side_by_side.gif"):
        assert (out / f).exists(), f
    assert "V and M kept as they were, C fine-tuned" in (out / "README.md").read_text()
    with pytest.raises(ConfigError, match="data"):
        report(ReportArgs("takecover", w, out, episodes=1, iteration=1))


def test_env_kwargs_must_be_a_json_object() -> None:
    from dreamgym.training.evaluate import parse_env_kwargs

    assert parse_env_kwargs('{"doom_skill": 5}') == {"doom_skill": 5} and parse_env_kwargs(None) == {}
    for bad in ("[1]", "{x", "5"):
        with pytest.raises(ConfigError, match="JSON object"):
            parse_env_kwargs(bad)


def test_env_kwargs_cannot_set_what_an_option_sets(tiny_weights_by_game: dict[str, Path]) -> None:
    from dreamgym.training.evaluate import EvaluateArgs, evaluate

    weights = tiny_weights_by_game["takecover"]
    for kwargs in ('{"termination": "sample"}', '{"temperature": 2.0}'):
        with pytest.raises(ConfigError, match="pass it as --"):
            evaluate(
                EvaluateArgs("DreamTakeCover-v0", weights=weights, controller="random", episodes=1, env_kwargs=kwargs)
            )


def test_a_regenerated_card_keeps_the_sections_other_commands_wrote(tmp_path: Path) -> None:
    from dreamgym.training.model_card import kept_sections

    readme = tmp_path / "README.md"
    assert kept_sections(readme) == []
    ranking = "<!-- policy-ranking:start -->\n## Policy ranking\n| a | b |\n<!-- policy-ranking:end -->"
    ensemble = "<!-- ensemble:start -->\n## Ensemble of M\ntext\n<!-- ensemble:end -->"
    readme.write_text(
        f"# card\n\n## Scores\n\n{ranking}\n\n<!-- broken:start -->\nno end\n\n{ensemble}\n\n## Reproduce\n"
    )
    assert kept_sections(readme) == [ranking, "", ensemble, ""]
    from dreamgym.training.model_card import carry_over

    new = carry_over({"scores": {"a": 2}}, {"scores": {"a": 1}, "policy_ranking": {"spearman": 0.5}})
    assert new == {"scores": {"a": 2}, "policy_ranking": {"spearman": 0.5}}
