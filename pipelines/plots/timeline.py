"""Gantt-style timeline of work-schedule cells: one lane per policy row, one bar per cell.

A cell spans fiscal years fy_start..fy_end; where a table splits years into halves, a bar
starts or ends at the half year. Lanes are labelled with the table's measure numbers, its id
and the policy; bars carry the start of the cell's text, cut to fit the bar.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from pipelines.plots import colour
from pipelines.usage import UsageError
from roadmap_extract import load

LANES_PER_PAGE = 24
LABEL_CHARS = 58  # lane label width
CHARS_PER_YEAR = 30  # bar text that fits in one fiscal year at the figure's width


@dataclass(frozen=True)
class Selection:
    """The cells to draw and a title saying which."""

    cells: pd.DataFrame
    title: str


def _bounds(cells: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Start and end of each cell in fiscal-year units (FY2024 H2 starts at 2024.5)."""
    start = cells["fy_start"].astype(float) + (cells["half_start"] == "H2").fillna(False) * 0.5
    end = cells["fy_end"].astype(float) + 1.0 - (cells["half_end"] == "H1").fillna(False) * 0.5
    return start, end


def select_cells(
    out,
    edition: str,
    measure: int | None = None,
    key_point: int | None = None,
    ministry: str | None = None,
) -> Selection:
    """Cells of the schedules that cover a measure, a key point's measures or a ministry's."""
    cells = load("schedule_cells", [edition], out)
    schedules = load("schedules", [edition], out)
    measures = load("measures", [edition], out)
    members = schedules[["schedule_id", "measure_nos"]].explode("measure_nos")
    members = members.rename(columns={"measure_nos": "measure_no"}).dropna()
    members["measure_no"] = members["measure_no"].astype(int)
    members = members.merge(measures[["measure_no", "key_point", "ministries"]], how="left")
    title = f"Work schedules, {edition}"
    if measure is not None:
        if measure not in set(measures["measure_no"]):
            raise UsageError(f"no measure {measure} in edition {edition}")
        wanted = set(members.loc[members["measure_no"] == measure, "schedule_id"])
        tagged = cells["measure_nos"].map(lambda ns: measure in list(ns))
        cells = cells[cells["schedule_id"].isin(wanted) | tagged]
        title += f": measure <{measure}>"
    if key_point is not None:
        if key_point not in set(measures["key_point"].dropna()):
            raise UsageError(f"no key point {key_point} in edition {edition}")
        wanted = set(members.loc[members["key_point"] == key_point, "schedule_id"])
        cells = cells[cells["schedule_id"].isin(wanted)]
        title += f": key point {key_point}"
    if ministry is not None:
        needle = ministry.casefold()
        hit = members["ministries"].map(lambda ms: any(needle in m.casefold() for m in ms))
        if not hit.any():
            raise UsageError(f"no measure of a ministry matching {ministry!r} in {edition}")
        cells = cells[cells["schedule_id"].isin(set(members.loc[hit, "schedule_id"]))]
        title += f": {ministry}"
    if cells.empty:
        raise UsageError(f"no schedule cells to draw for that selection in {edition}")
    first_kp = members.drop_duplicates("schedule_id").set_index("schedule_id")["key_point"]
    cells = cells.assign(key_point=cells["schedule_id"].map(first_kp))
    numbers = schedules.set_index("schedule_id")["measure_nos"]
    cells = cells.assign(members=cells["schedule_id"].map(numbers))
    return Selection(cells.reset_index(drop=True), title)


def _lane_label(row) -> str:
    """Two lines: the table's measures, id and row; then the policy, shortened."""
    tags = ",".join(f"<{n}>" for n in list(row["members"])[:6])
    tags += "…" if len(row["members"]) > 6 else ""
    policy = " ".join(str(row["policy"] or "(no policy text)").split())
    head = f"{tags}  {row['schedule_id']} row {row['row_index'] + 1}"
    return f"{head}\n{textwrap.shorten(policy, LABEL_CHARS, placeholder='…')}"


def _bar_text(text: str, years: float) -> str:
    room = int(years * CHARS_PER_YEAR) - 2
    flat = " ".join(str(text).split())
    return textwrap.shorten(flat, room, placeholder="…") if room >= 6 else ""


def timeline_figures(selection: Selection) -> list[Figure]:
    """One figure per page of at most LANES_PER_PAGE lanes; one bar per selected cell."""
    cells = selection.cells
    start, end = _bounds(cells)
    cells = cells.assign(x0=start, x1=end)
    lanes = (
        cells[["schedule_id", "row_index"]]
        .drop_duplicates()
        .sort_values(["schedule_id", "row_index"])
    )
    lane_keys = list(lanes.itertuples(index=False, name=None))
    pages = [lane_keys[i : i + LANES_PER_PAGE] for i in range(0, len(lane_keys), LANES_PER_PAGE)]
    lo, hi = float(start.min()), float(end.max())
    figures = []
    for n, keys in enumerate(pages, 1):
        title = selection.title + (f" (page {n} of {len(pages)})" if len(pages) > 1 else "")
        figures.append(_page(cells, keys, lo, hi, title))
    return figures


def _page(cells: pd.DataFrame, keys: list, lo: float, hi: float, title: str) -> Figure:
    fig = Figure(figsize=(15, 1.9 + 0.5 * len(keys)))
    ax = fig.add_subplot()
    labels = []
    for y, key in enumerate(keys):
        lane = cells[(cells["schedule_id"] == key[0]) & (cells["row_index"] == key[1])]
        labels.append(_lane_label(lane.iloc[0]))
        # stacked cells of one lane (cells over the same years) share the lane's height
        for _, c in lane.sort_values("x0").iterrows():
            overlapping = lane[(lane["x0"] < c["x1"]) & (lane["x1"] > c["x0"])]
            k = len(overlapping)
            j = list(overlapping.index).index(c.name)
            h = 0.8 / k
            bottom = y - 0.4 + j * h
            ax.barh(
                bottom,
                c["x1"] - c["x0"],
                left=c["x0"],
                height=h * 0.92,
                align="edge",
                color=colour(c["key_point"]),
                alpha=0.85,
                edgecolor="white",
            )
            text = _bar_text(c["text"], c["x1"] - c["x0"]) if k == 1 else ""
            if text:
                ax.text(c["x0"] + 0.04, y, text, va="center", fontsize=7.5, color="white")
    ax.set_yticks(range(len(keys)), labels, fontsize=8)
    ax.set_ylim(len(keys) - 0.5, -0.5)
    years = range(int(lo), int(hi + 0.999))
    ax.set_xticks([y + 0.5 for y in years], [f"FY{y}" for y in years])
    ax.set_xticks(list(range(int(lo), int(hi + 0.999) + 1)), minor=True)
    ax.tick_params(axis="x", which="major", length=0)
    ax.grid(axis="x", which="minor", color="#cccccc")
    ax.set_axisbelow(True)
    ax.set_xlim(lo, hi)
    ax.set_title(title, loc="left", fontsize=11)
    kps = sorted({int(k) for k in cells["key_point"].dropna()})
    handles = [Patch(color=colour(k), label=f"Key point {k}") for k in kps]
    ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=4, frameon=False)
    return fig
