"""Measurements: numbers a game reads off each raw frame (CarRacing's speed on the dashboard, which the crop hides
from V), collected, encoded after V's z, observed and dreamed by an M trained with them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
import torch
from gymnasium.utils.env_checker import check_env

from dreamgym.envs import GAMES
from dreamgym.envs.sources import measure_frame, source_available
from dreamgym.envs.spec import MEASUREMENT_LOGVAR
from dreamgym.errors import ConfigError, DataError, WeightsError
from dreamgym.models import VAE, VAEConfig
from dreamgym.models.vae import frames_to_tensor
from dreamgym.testing import write_random_world_model
from dreamgym.training.encode import EncodeArgs, encode
from dreamgym.training.episodes import episode_path, read_episode, read_manifest, write_episode
from dreamgym.weights import MDNRNN_FILE, load_mdnrnn, load_world_model, save_mdnrnn, save_vae
from dreamgym.wrappers import world_model_wrapper
from tests.test_dream_envs import assert_vector_matches_single

CARRACING = GAMES["carracing"]
needs_box2d = pytest.mark.skipif(not source_available(CARRACING), reason="box2d not installed")


@pytest.fixture(scope="module")
def measured_weights(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random CarRacing world model whose M reads the speed after V's 8 latents."""
    return write_random_world_model(tmp_path_factory.mktemp("measured"), CARRACING, 8, 16, 3, measured=1)


@needs_box2d
def test_carracing_reads_its_speed_off_the_dashboard() -> None:
    source = CARRACING.hook("make_source")()
    obs, _ = source.reset(seed=3)
    readings, speeds = [], []
    for _ in range(80):
        obs, *_ = source.step(np.array([0.0, 1.0, 0.0], np.float32))
        readings.append(measure_frame(CARRACING, obs)[0])
        speeds.append(float(np.hypot(*source.unwrapped.car.hull.linearVelocity)))
    source.close()
    assert readings[0] < 0.3 < 1.0 < readings[-1]  # standing still reads near 0; full gas rises steadily
    np.testing.assert_allclose(readings, 0.0238 * np.array(speeds) + 0.09, atol=0.12)


def test_a_measure_hook_of_the_wrong_width_is_a_clear_error() -> None:
    two = dataclasses.replace(CARRACING, measurements=("speed", "gear"))
    with pytest.raises(ConfigError, match="returned 1 numbers for its 2 measurements"):
        measure_frame(two, np.zeros((96, 96, 3), np.uint8))
    assert measure_frame(GAMES["takecover"], np.zeros((8, 8, 3), np.uint8)).shape == (0,)


@pytest.mark.parametrize("observation", ["latent", "z", "pixels"])
def test_a_dream_with_measurements_observes_them_after_z(measured_weights: Path, observation: str) -> None:
    env = gym.make(CARRACING.dream_id, weights=measured_weights, observation=observation)
    width = {"latent": 8 + 1 + 16, "z": 8 + 1}.get(observation)
    assert env.observation_space.shape == ((width,) if width else (64, 64, 3))
    check_env(env.unwrapped, skip_render_check=True)
    assert_vector_matches_single(CARRACING.dream_id, measured_weights, steps=10, observation=observation)


@needs_box2d
def test_the_real_twin_appends_the_measured_speed(measured_weights: Path) -> None:
    env = gym.make(CARRACING.real_id, weights=measured_weights)
    twin = world_model_wrapper(env)
    obs, _ = env.reset(seed=1)
    assert obs.shape == (8 + 1 + 16,)
    for _ in range(60):
        obs, *_ = env.step(np.array([0.0, 1.0, 0.0], np.float32))
    assert obs[8] == pytest.approx(twin.measurement[0]) and obs[8] > 0.5  # gassing for 60 frames shows speed
    start = twin.mean_latent()
    assert start.shape == (9,) and start[8] == pytest.approx(obs[8])
    with torch.no_grad():
        mu, _ = twin.wm.vae.encode(frames_to_tensor(torch.from_numpy(twin.frame[None])))
    np.testing.assert_allclose(start[:8], mu[0].numpy(), atol=1e-6)  # V's mean of the frame it saw last
    with pytest.raises(TypeError, match="not a dreamgym real twin"):
        world_model_wrapper(gym.make("CartPole-v1"))
    dream = gym.make(CARRACING.dream_id, weights=measured_weights)
    first, _ = dream.reset(seed=0, options={"initial_z": start})
    np.testing.assert_allclose(first[:9], start, atol=1e-6)
    env.close()


def _dataset(directory: Path, episodes: int, measured: bool) -> None:
    rng = np.random.default_rng(0)
    directory.mkdir(exist_ok=True)
    for i in range(episodes):
        extra = {"measurements": rng.uniform(0, 2, (12, 1)).astype(np.float32)} if measured else {}
        write_episode(
            episode_path(directory, i),
            frames=rng.integers(0, 255, (12, 64, 64, 3), dtype=np.uint8),
            actions=rng.uniform(0, 1, (12, 3)).astype(np.float32),
            rewards=np.zeros(12, np.float32),
            terminated=np.zeros(12, bool),
            **extra,
        )


def test_encode_appends_measurements_and_refuses_a_mixed_dataset(tmp_path: Path) -> None:
    torch.manual_seed(0)
    save_vae(VAE(VAEConfig(z_size=8)), tmp_path / "vae.safetensors", {"crop": list(CARRACING.crop)})
    _dataset(tmp_path / "data", 2, measured=True)
    encode(EncodeArgs(tmp_path / "data", tmp_path / "vae.safetensors", tmp_path / "enc", measurements=True))
    ep, raw = read_episode(tmp_path / "enc" / "ep_000000.npz"), read_episode(tmp_path / "data" / "ep_000000.npz")
    assert ep["mu"].shape == (12, 9) and read_manifest(tmp_path / "enc")["measured"] == 1
    np.testing.assert_allclose(ep["mu"][:, 8], raw["measurements"][:, 0], atol=2e-3)  # stored as float16
    np.testing.assert_allclose(ep["logvar"][:, 8], MEASUREMENT_LOGVAR, atol=1e-2)
    with pytest.raises(DataError, match="encoded with 1 measurements, this run gives 0"):
        encode(EncodeArgs(tmp_path / "data", tmp_path / "vae.safetensors", tmp_path / "enc", measurements=False))
    encode(EncodeArgs(tmp_path / "data", tmp_path / "vae.safetensors", tmp_path / "v_only"))  # opt-in
    assert read_episode(tmp_path / "v_only" / "ep_000000.npz")["mu"].shape == (12, 8)
    _dataset(tmp_path / "old", 1, measured=False)
    (tmp_path / "old" / "ep_000000.npz").rename(tmp_path / "data" / "ep_000005.npz")
    with pytest.raises(DataError, match="different numbers of measurements"):
        encode(EncodeArgs(tmp_path / "data", tmp_path / "vae.safetensors", tmp_path / "mixed", measurements=True))


def test_weights_refuse_an_m_whose_measurements_do_not_fit_v(measured_weights: Path, tmp_path: Path) -> None:
    assert load_world_model(measured_weights).z_size == 9
    bad = tmp_path / "bad"
    write_random_world_model(bad, CARRACING, 8, 16, 3, measured=1)
    m, meta = load_mdnrnn(bad / MDNRNN_FILE)
    m.config = dataclasses.replace(m.config, measured=2)
    save_mdnrnn(m, bad / MDNRNN_FILE, {"game": meta["game"]})
    with pytest.raises(WeightsError, match=r"M expects z_size 9 but V has z_size 8 \+ 2 measurements"):
        load_world_model(bad)
