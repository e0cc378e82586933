"""The researcher's commands of `roadmap`: tables, sql, show, plot.

Each registers its own sub-parser here (so that `pipelines/cli.py` only has to call
`add_commands`) and keeps its logic in its module: `sql_cmd`, `show`, `plots`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.usage import UsageError, check_writable, pick_edition

OUT_HELP = "output folder written by `roadmap extract` (default: output)"


def _sub(sub, name: str, help: str, example: str) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        name,
        help=help,
        description=help,
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, default=Path("output"), help=OUT_HELP)
    return parser


def add_commands(sub) -> None:
    """Add the sub-commands to the `roadmap` parser's sub-parsers."""
    _sub(
        sub,
        "tables",
        "list the tables with row counts per edition and their keys",
        "roadmap tables --out output",
    )
    sql = _sub(
        sub,
        "sql",
        "run a DuckDB SQL query over the tables (one view per table)",
        'roadmap sql "SELECT key_point, count(*) FROM measures GROUP BY ALL ORDER BY 1"',
    )
    sql.add_argument("query", help="SQL; every table of the output folder is a view")
    sql.add_argument("--format", choices=["table", "csv", "json"], default="table")
    sql.add_argument("--width", type=int, default=60, help="cut table cells to N characters")
    sql.add_argument("--limit", type=int, default=200, help="print at most N rows as a table")

    show = _sub(
        sub,
        "show",
        "print a record with its pages, and draw where it is printed",
        "roadmap show measure 30 --edition fy2024 -o measure30.png",
    )
    show.add_argument("kind", choices=["measure", "schedule", "footnote"])
    show.add_argument("id", help="measure or footnote number, or schedule id (WS004 or 4)")
    show.add_argument("--edition", help="edition (default: the latest extracted)")
    show.add_argument("-o", "--image", type=Path, help="write the page region(s) as PNG")
    show.add_argument("--pdf", type=Path, help="source PDF, if it moved since extraction")

    plot = _sub(
        sub,
        "plot",
        "draw a schedule timeline or the linked-measure graph",
        "roadmap plot timeline --key-point 2 -o timeline.png\n  roadmap plot groups -o groups.svg",
    )
    plot.add_argument("picture", choices=["timeline", "groups"])
    plot.add_argument("-o", "--image", type=Path, required=True, help="FILE.png or FILE.svg")
    plot.add_argument("--edition", help="edition (default: the latest extracted)")
    which = plot.add_mutually_exclusive_group()
    which.add_argument("--measure", type=int, help="timeline: schedules covering measure N")
    which.add_argument("--key-point", type=int, help="timeline: schedules of key point K")
    which.add_argument("--ministry", help="timeline: schedules of a ministry (part of its name)")


def cmd_tables(args: argparse.Namespace) -> int:
    from pipelines.sql_cmd import run_tables

    return run_tables(args.out)


def cmd_sql(args: argparse.Namespace) -> int:
    from pipelines.sql_cmd import run_sql

    return run_sql(args.query, args.out, args.format, args.width, args.limit)


def cmd_show(args: argparse.Namespace) -> int:
    from pipelines.show import run_show

    return run_show(args.kind, args.id, args.edition, args.out, args.image, args.pdf)


def cmd_plot(args: argparse.Namespace) -> int:
    from pipelines.plots import SUFFIXES, save

    check_writable(args.image, SUFFIXES)
    edition = pick_edition(args.out, args.edition)
    if args.picture == "groups":
        if args.measure is not None or args.key_point is not None or args.ministry:
            raise UsageError("--measure, --key-point and --ministry apply to timeline only")
        from pipelines.plots.groups import groups_figures, load_groups

        figures = groups_figures(load_groups(args.out, edition), edition)
    else:
        from pipelines.plots.timeline import select_cells, timeline_figures

        selection = select_cells(args.out, edition, args.measure, args.key_point, args.ministry)
        figures = timeline_figures(selection)
    for path in save(figures, args.image):
        print(f"wrote {path}")
    return 0


COMMANDS = {"tables": cmd_tables, "sql": cmd_sql, "show": cmd_show, "plot": cmd_plot}
