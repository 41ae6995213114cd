"""Episode files on disk: one compressed ``.npz`` per episode, written atomically, plus a manifest.

An episode file holds ``frames`` (T, S, S, 3) uint8 (the frame seen before each action; S = 64 unless collected
with ``--frame-size``), ``actions`` (T,) int64 or (T, n) float32, ``rewards`` (T,) float32, ``terminated`` (T,)
bool and, for games whose observations carry them, the ``game_variables`` (T, k) float32 seen with each frame.
Encoded episodes (``dreamgym encode``) hold ``mu``/``logvar`` (T, z) float16 instead of frames.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dreamgym.errors import DataError

MANIFEST = "manifest.json"
ITERATION_INDEX = 100_000  # episode files of the iterative loop's iteration k start at k * ITERATION_INDEX


def episode_path(directory: Path, index: int) -> Path:
    """Path of episode ``index`` inside a dataset directory."""
    return directory / f"ep_{index:06d}.npz"


def write_episode(path: Path, **arrays: np.ndarray) -> None:
    """Write one episode atomically (temp file + rename): a crash never leaves a half-written episode."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".npz.tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez_compressed(f, **arrays)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read_episode(path: Path) -> dict[str, np.ndarray]:
    """Load every array of one episode file, with a clear error if it is corrupt."""
    try:
        with np.load(path) as data:
            return {k: data[k] for k in data.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as e:
        raise DataError(f"episode file {path} is corrupt ({e}); delete it and re-run the command to redo it") from e


def list_episodes(directory: Path) -> list[Path]:
    """Finished episode files of a dataset directory, sorted."""
    return sorted(directory.glob("ep_*.npz"))


def require_episodes(directory: Path, what: str) -> list[Path]:
    """Episode files of ``directory``, or a DataError saying which stage should have made them."""
    files = list_episodes(directory) if directory.is_dir() else []
    if not files:
        raise DataError(f"no episodes in {directory}: run `{what}` first")
    return files


def write_manifest(directory: Path, info: dict[str, Any]) -> None:
    """Describe a dataset directory (game, preprocessing, episode lengths) in ``manifest.json``."""
    files = list_episodes(directory)
    lengths = {}
    for f in files:
        with np.load(f) as data:
            lengths[f.name] = int(data["actions"].shape[0])
    manifest = dict(info, episodes=len(files), steps=int(sum(lengths.values())), lengths=lengths)
    tmp = directory / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1))
    os.replace(tmp, directory / MANIFEST)


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of a dataset directory."""
    path = directory / MANIFEST
    if not path.exists():
        raise DataError(f"{directory} has no {MANIFEST}; re-run the stage that writes it")
    return json.loads(path.read_text())


def split_episodes(files: Sequence[Path], holdout: float, seed: int = 0) -> tuple[list[Path], list[Path]]:
    """Deterministic train / held-out split of episode files."""
    files = sorted(files)
    rng = random.Random(seed)
    order = list(range(len(files)))
    rng.shuffle(order)
    n_hold = max(1, round(holdout * len(files))) if len(files) > 1 else 0
    held = sorted(order[:n_hold])
    train = sorted(order[n_hold:])
    return [files[i] for i in train], [files[i] for i in held]


def bootstrap_files(files: Sequence[Path], seed: int) -> list[Path]:
    """A bootstrap resample of ``files`` (as many, drawn with replacement, sorted): one ensemble member's data."""
    picks = np.random.default_rng([seed, 0xB007]).integers(len(files), size=len(files))
    return [files[i] for i in sorted(picks)]


def stream_frames(
    files: Sequence[Path], batch_size: int, rng: np.random.Generator, chunk_episodes: int = 48
) -> Iterator[np.ndarray]:
    """Shuffled uint8 frame batches ``(B, S, S, 3)``, holding only ``chunk_episodes`` episodes in memory.

    Every frame but the last ``len % batch_size`` is used once per pass (leftovers carry into the next chunk).
    """
    order = rng.permutation(len(files))
    leftover: list[np.ndarray] = []
    for start in range(0, len(order), chunk_episodes):
        chunk = [read_episode(files[i])["frames"] for i in order[start : start + chunk_episodes]]
        frames = np.concatenate([*leftover, *chunk])
        perm = rng.permutation(len(frames))
        n_full = len(perm) // batch_size * batch_size
        for b in range(0, n_full, batch_size):
            yield frames[perm[b : b + batch_size]]
        leftover = [frames[perm[n_full:]]]
