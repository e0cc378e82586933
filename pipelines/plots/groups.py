"""The linked-measure graph: one panel per group of measures tied by "(Re: …)" notes or a
shared work-schedule table.

Nodes are measures (coloured by key point, labelled with their number), solid arrows are
"(Re: …)" notes (from the measure carrying the note to its target), and a shaded band joins
the measures listed in the same work-schedule table (named in the panel title); a band
rather than a line per pair keeps a ten-measure table from drawing forty-five lines. Panels
are laid out on a grid and split over pages when there are many groups, so that no label
overlaps another.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, Patch, Polygon

from pipelines.plots import KEY_POINT_COLOURS, colour
from pipelines.usage import UsageError
from roadmap_extract import load

COLUMNS = 4
PANELS_PER_PAGE = 16
NODE_RADIUS = 0.16
SCHEDULE_SHADE = "#e2e2e2"


@dataclass(frozen=True)
class Group:
    group_id: str
    members: tuple[int, ...]
    key_points: dict[int, int | None]
    re_links: tuple[tuple[int, int], ...]  # (source, target), resolved, both members
    schedules: dict[str, tuple[int, ...]]  # schedule_id -> members it lists (two or more)


def load_groups(out, edition: str) -> list[Group]:
    """Groups of an edition with their Re links and shared-schedule ties."""
    members = load("measure_groups", [edition], out)
    if members.empty:
        raise UsageError(f"edition {edition} has no linked measure groups")
    measures = load("measures", [edition], out).set_index("measure_no")["key_point"]
    refs = load("cross_references", [edition], out)
    refs = refs[refs["resolved"].fillna(False).astype(bool)]
    schedules = load("schedules", [edition], out)
    groups = []
    for gid, rows in members.groupby("group_id", sort=True):
        nos = tuple(sorted(int(n) for n in rows["measure_no"]))
        inside = set(nos)
        re = {
            (int(s), int(t))
            for s, t in zip(refs["source_no"], refs["target_no"], strict=True)
            if s in inside and t in inside and s != t
        }
        shared = {}
        for sid, listed in zip(schedules["schedule_id"], schedules["measure_nos"], strict=True):
            both = tuple(sorted(inside & {int(n) for n in listed}))
            if len(both) >= 2:
                shared[sid] = both
        kps = {n: _int_or_none(measures.get(n)) for n in nos}
        groups.append(Group(gid, nos, kps, tuple(sorted(re)), shared))
    return groups


def _int_or_none(value) -> int | None:
    return None if value is None or value != value else int(value)


def _positions(nos: tuple[int, ...]) -> dict[int, tuple[float, float]]:
    """Members on a circle, in number order (two members side by side)."""
    n = len(nos)
    return {
        m: (
            math.cos(math.pi / 2 - 2 * math.pi * i / n),
            math.sin(math.pi / 2 - 2 * math.pi * i / n),
        )
        for i, m in enumerate(nos)
    }


def _panel(ax, group: Group) -> tuple[int, int]:
    """Draw one group; returns (nodes drawn, ties drawn: schedule bands + Re arrows)."""
    pos = _positions(group.members)
    edges = 0
    for listed in group.schedules.values():
        ax.add_patch(
            Polygon(
                [pos[m] for m in listed],
                closed=True,
                facecolor=SCHEDULE_SHADE,
                edgecolor=SCHEDULE_SHADE,
                lw=14,
                joinstyle="round",
                zorder=1,
            )
        )
        edges += 1
    for s, t in group.re_links:
        arrow = FancyArrowPatch(
            pos[s],
            pos[t],
            arrowstyle="-|>",
            mutation_scale=11,
            lw=1.4,
            color="#333333",
            shrinkA=14,
            shrinkB=14,
            connectionstyle="arc3,rad=0.12",
            zorder=2,
        )
        ax.add_patch(arrow)
        edges += 1
    for m, (x, y) in pos.items():
        ax.add_patch(Circle((x, y), NODE_RADIUS, color=colour(group.key_points[m]), zorder=3))
        ax.text(
            x,
            y,
            str(m),
            ha="center",
            va="center",
            fontsize=8,
            color="white",
            fontweight="bold",
            zorder=4,
        )
    schedules = sorted(group.schedules)
    sub = ", ".join(schedules[:3]) + (" …" if len(schedules) > 3 else "")
    ax.set_title(
        f"{group.group_id} · {len(group.members)} measures" + (f"\n{sub}" if sub else "\n"),
        fontsize=9,
    )
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.axis("off")
    return len(pos), edges


def groups_figures(groups: list[Group], edition: str) -> list[Figure]:
    """Pages of at most PANELS_PER_PAGE panels, COLUMNS per row."""
    pages = [groups[i : i + PANELS_PER_PAGE] for i in range(0, len(groups), PANELS_PER_PAGE)]
    figures = []
    for n, page in enumerate(pages, 1):
        rows = math.ceil(len(page) / COLUMNS)
        fig = Figure(figsize=(3.2 * COLUMNS, 3.3 * rows + 0.9))
        axes = fig.subplots(rows, COLUMNS, squeeze=False)
        for ax, group in zip(axes.flat, page, strict=False):
            _panel(ax, group)
        for ax in list(axes.flat)[len(page) :]:
            ax.axis("off")
        title = f"Linked measures, {edition}"
        title += f" (page {n} of {len(pages)})" if len(pages) > 1 else ""
        fig.suptitle(title, x=0.01, ha="left", fontsize=12)
        fig.legend(handles=_legend(groups), loc="upper right", ncol=6, frameon=False, fontsize=8)
        figures.append(fig)
    return figures


def _legend(groups: list[Group]) -> list:
    kps = sorted({k for g in groups for k in g.key_points.values() if k is not None})
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            markersize=9,
            color=KEY_POINT_COLOURS.get(k, "#999999"),
            label=f"Key point {k}",
        )
        for k in kps
    ]
    handles.append(Line2D([], [], color="#333333", lw=1.4, label="(Re: …) note →"))
    handles.append(Patch(color=SCHEDULE_SHADE, label="listed in the same schedule"))
    return handles
