"""Pictures of the extracted data (matplotlib): schedule timelines and the linked-measure graph.

Each picture is built as matplotlib Figures first (tests count what is drawn on them), then
saved; crowded pictures are split into pages `NAME-p1.png`, `NAME-p2.png`, … so that every
label stays readable.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; never open a window

from matplotlib.figure import Figure  # noqa: E402

# One colour per key point (colour-blind safe, Okabe-Ito); grey for "unknown".
KEY_POINT_COLOURS = {1: "#0072B2", 2: "#E69F00", 3: "#009E73", 4: "#CC79A7", None: "#999999"}
SUFFIXES = (".png", ".svg")


def colour(key_point) -> str:
    return KEY_POINT_COLOURS.get(None if key_point is None else int(key_point), "#999999")


def page_paths(target: Path, pages: int) -> list[Path]:
    """`plot.png` for one page; `plot-p1.png`, `plot-p2.png`, … for several."""
    if pages == 1:
        return [target]
    return [target.with_name(f"{target.stem}-p{i}{target.suffix}") for i in range(1, pages + 1)]


def save(figures: Sequence[Figure], target: Path) -> list[Path]:
    """Write the pages; pages left from an earlier, longer picture of the same name go."""
    for stale in target.parent.glob(f"{target.stem}-p*{target.suffix}"):
        stale.unlink()
    paths = page_paths(target, len(figures))
    for fig, path in zip(figures, paths, strict=True):
        fig.savefig(path, dpi=110, bbox_inches="tight")
    return paths
