"""CSV logs of training scalars and their PNG curves."""

from __future__ import annotations

import csv
from pathlib import Path


class CSVLog:
    """Append rows to a CSV file (the header is written once), so a resumed run continues the same log."""

    def __init__(self, path: Path, fields: list[str]) -> None:
        self.path, self.fields = path, fields
        if not path.exists():
            with path.open("w", newline="") as f:
                csv.writer(f).writerow(fields)

    def write(self, **row: float | int | str) -> None:
        with self.path.open("a", newline="") as f:
            csv.writer(f).writerow([row.get(k, "") for k in self.fields])

    def read(self) -> list[dict[str, str]]:
        """All rows as dicts of strings."""
        with self.path.open() as f:
            return list(csv.DictReader(f))


def plot_curves(log: CSVLog, x: str, ys: list[str], path: Path, title: str, logy: bool = False) -> None:
    """Draw the columns ``ys`` against ``x`` into one PNG, one panel per column."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = log.read()
    fig, axes = plt.subplots(1, len(ys), figsize=(4.5 * len(ys), 3.2), squeeze=False)
    for ax, y in zip(axes[0], ys, strict=True):
        pts = [(float(r[x]), float(r[y])) for r in rows if r.get(x) and r.get(y)]
        if pts:
            ax.plot(*zip(*pts, strict=True), lw=1)
        ax.set_xlabel(x)
        ax.set_title(y)
        if logy:
            ax.set_yscale("log")
        ax.grid(alpha=0.3)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
