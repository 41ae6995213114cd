"""Round 20's training set (docs/carracing_round20.md): round 18's training episodes (its split, seed 18, so round
18's 50 held-out episodes stay unseen by every M since) plus the new "stop" episodes, linked into one encoded
directory with its manifest, for `dreamgym train mdnrnn`.

Usage: python candidates/carracing_round20/combine.py ROUND18_ENCODED STOP_ENCODED OUT
"""

from __future__ import annotations

import sys
from pathlib import Path

from dreamgym.training.episodes import list_episodes, read_manifest, split_episodes, write_manifest


def main(old: Path, new: Path, out: Path) -> None:
    """Link round 18's training split and every new episode into ``out`` and describe it."""
    train, _ = split_episodes(list_episodes(old), 0.05, 18)
    out.mkdir(parents=True, exist_ok=True)
    for f in [*train, *list_episodes(new)]:
        link = out / f.name
        if link.exists():
            if link.resolve() != f.resolve():
                raise SystemExit(f"{link} already links elsewhere: episode names of the two datasets clash")
            continue
        link.symlink_to(f.resolve())
    info = {k: v for k, v in read_manifest(new).items() if k not in ("episodes", "steps", "lengths")}
    write_manifest(out, dict(info, sources=[str(old), str(new)]))
    print(f"{out}: {len(train)} episodes of {old} and {len(list_episodes(new))} of {new}")


if __name__ == "__main__":
    main(*map(Path, sys.argv[1:4]))
