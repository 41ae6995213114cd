"""The weight loader: every kind of broken file raises one clear WeightsError naming the file."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from dreamgym.errors import WeightsError, WeightsNotFoundError
from dreamgym.models import VAE, VAEConfig
from dreamgym.weights import load_mdnrnn, load_vae, load_world_model, save_vae


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "w"
    shutil.copytree(src, dst)
    return dst


def test_round_trip_keeps_config_and_values(tmp_path: Path) -> None:
    vae = VAE(VAEConfig(8))
    save_vae(vae, tmp_path / "vae.safetensors", {"crop": [0, 64, 0, 64]})
    loaded, meta = load_vae(tmp_path / "vae.safetensors")
    assert loaded.config == vae.config and meta["preprocess"]["crop"] == [0, 64, 0, 64]
    for (k, a), (_, b) in zip(vae.state_dict().items(), loaded.state_dict().items(), strict=True):
        torch.testing.assert_close(a, b, msg=k)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WeightsNotFoundError, match="does not exist"):
        load_vae(tmp_path / "nope.safetensors")


def test_truncated_file(tiny_weights_by_game: dict[str, Path], tmp_path: Path) -> None:
    d = _copy(tiny_weights_by_game["takecover"], tmp_path)
    data = (d / "mdnrnn.safetensors").read_bytes()
    (d / "mdnrnn.safetensors").write_bytes(data[: len(data) // 2])
    with pytest.raises(WeightsError, match=r"mdnrnn\.safetensors.*truncated"):
        load_world_model(d)


def test_pickle_renamed_to_safetensors(tmp_path: Path) -> None:
    path = tmp_path / "vae.safetensors"
    path.write_bytes(pickle.dumps({"weight": [1, 2, 3]}))
    with pytest.raises(WeightsError, match="not a readable safetensors"):
        load_vae(path)


def _rewrite(path: Path, edit) -> None:
    from safetensors import safe_open

    with safe_open(str(path), framework="pt") as f:
        meta = f.metadata()
    tensors = load_file(str(path))
    edit(tensors)
    save_file(tensors, str(path), metadata=meta)


def test_wrong_shape(tiny_weights_by_game: dict[str, Path], tmp_path: Path) -> None:
    d = _copy(tiny_weights_by_game["takecover"], tmp_path)
    _rewrite(d / "mdnrnn.safetensors", lambda t: t.update({"mdn.bias": torch.zeros(7)}))
    with pytest.raises(WeightsError, match=r"mdn\.bias.*shape"):
        load_mdnrnn(d / "mdnrnn.safetensors")


def test_missing_tensor(tiny_weights_by_game: dict[str, Path], tmp_path: Path) -> None:
    d = _copy(tiny_weights_by_game["takecover"], tmp_path)
    _rewrite(d / "mdnrnn.safetensors", lambda t: t.pop("mdn.bias"))
    with pytest.raises(WeightsError, match=r"missing tensors.*mdn\.bias"):
        load_mdnrnn(d / "mdnrnn.safetensors")


def test_nan_values(tiny_weights_by_game: dict[str, Path], tmp_path: Path) -> None:
    d = _copy(tiny_weights_by_game["takecover"], tmp_path)
    _rewrite(d / "vae.safetensors", lambda t: t["fc_mu.bias"].fill_(float("nan")))
    with pytest.raises(WeightsError, match="NaN"):
        load_vae(d / "vae.safetensors")


def test_wrong_kind(tiny_weights_by_game: dict[str, Path]) -> None:
    with pytest.raises(WeightsError, match="expected 'vae'"):
        load_vae(tiny_weights_by_game["takecover"] / "mdnrnn.safetensors")


def test_mismatched_files(tiny_weights_by_game: dict[str, Path], tmp_path: Path) -> None:
    d = _copy(tiny_weights_by_game["takecover"], tmp_path)
    save_vae(VAE(VAEConfig(5)), d / "vae.safetensors", {"crop": [0, 1, 0, 1]})
    with pytest.raises(WeightsError, match="different runs"):
        load_world_model(d)


def test_files_are_self_describing(tiny_weights_by_game: dict[str, Path]) -> None:
    from safetensors import safe_open

    with safe_open(str(tiny_weights_by_game["carracing"] / "mdnrnn.safetensors"), framework="pt") as f:
        config = json.loads(f.metadata()["config"])
    assert config["reward_head"] and config["done_head"] and config["z_size"] == 8
