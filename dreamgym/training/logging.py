"""CSV logs of training scalars and their PNG curves."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dreamgym.files import write_text_atomic


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

    def resume_at(self, field: str, value: float) -> None:
        """Drop the rows a resumed run writes again (``field`` above ``value``, the checkpoint it resumes from) and a
        row half-written when the run was killed, so the log holds each step once."""
        if not self.path.exists():
            return
        rows = [r for r in self.read() if None not in r.values() and _number(r.get(field)) is not None]
        kept = [r for r in rows if _number(r[field]) <= value]
        lines = [self.fields] + [[r.get(k, "") for k in self.fields] for r in kept]
        with io.StringIO(newline="") as buf:
            csv.writer(buf).writerows(lines)
            write_text_atomic(self.path, buf.getvalue())

    def read(self) -> list[dict[str, str]]:
        """All rows as dicts of strings."""
        with self.path.open() as f:
            return list(csv.DictReader(f))


def _number(text: str | None) -> float | None:
    """``text`` as a float, or None when it is not a number (a half-written cell)."""
    try:
        return float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


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
