"""The researcher's side: loader, `roadmap tables`, `roadmap sql`, `roadmap show`, `roadmap plot`.

Run on the fixture outputs (three editions). Pictures are tested for what is drawn (bars per
selected cell, nodes per group member) and for real files, not for pixels.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from matplotlib.patches import Circle, FancyArrowPatch, Polygon, Rectangle
from PIL import Image

from pipelines.cli import main
from pipelines.plots.groups import groups_figures, load_groups
from pipelines.plots.timeline import select_cells, timeline_figures
from roadmap_extract import connect, load
from tests.conftest import fixture_pdf


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_error(code: int, err: str, *words: str) -> None:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("roadmap: "), err
    for word in words:
        assert word in lines[0], (word, lines[0])


# ------------------------------------------------------------------------------- loader


def test_load_keeps_integers_with_nulls(fixture_out):
    kpis = load("kpis", out=fixture_out)
    assert str(kpis["target_fy"].dtype) == "Int32"
    assert kpis["target_fy"].isna().any() and kpis["target_fy"].notna().any()
    assert sorted(kpis["edition"].unique()) == ["fy2022", "fy2023", "fy2024"]


def test_load_editions_and_polars(fixture_out):
    pandas_rows = load("measures", editions=["fy2024"], out=fixture_out)
    assert set(pandas_rows["edition"]) == {"fy2024"} and len(pandas_rows) == 104
    polars_rows = load("measures", editions=["fy2024"], out=fixture_out, engine="polars")
    assert polars_rows.height == 104
    assert str(polars_rows.schema["measure_no"]) == "Int32"
    with pytest.raises(KeyError, match="fy1999"):
        load("measures", editions=["fy1999"], out=fixture_out)
    with pytest.raises(KeyError, match="no table"):
        load("nope", out=fixture_out)


def test_duckdb_views_cover_every_edition(fixture_out):
    con = connect(fixture_out)
    got = dict(con.execute("SELECT edition, count(*) FROM measures GROUP BY ALL").fetchall())
    assert got == load("measures", out=fixture_out).groupby("edition").size().to_dict()


# ------------------------------------------------------------------------------- tables, sql


def test_tables_lists_row_counts_per_edition(fixture_out, capsys):
    code, out, _ = run(capsys, "tables", "--out", str(fixture_out))
    assert code == 0
    header = out.splitlines()[0].split()
    assert header[:4] == ["table", "fy2022", "fy2023", "fy2024"]
    row = next(line.split() for line in out.splitlines() if line.startswith("measures "))
    counts = load("measures", out=fixture_out).groupby("edition").size()
    assert [int(x) for x in row[1:4]] == [counts["fy2022"], counts["fy2023"], counts["fy2024"]]
    assert "schedule_cells (edition, schedule_id) -> schedules" in out


def test_sql_prints_a_table_and_csv(fixture_out, capsys):
    query = "SELECT edition, count(*) AS n FROM schedules GROUP BY ALL ORDER BY edition"
    code, out, _ = run(capsys, "sql", query, "--out", str(fixture_out))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["edition", "n"] and lines[-1] == "(3 rows)"
    code, out, _ = run(capsys, "sql", query, "--out", str(fixture_out), "--format", "csv")
    assert out.splitlines()[0] == "edition,n" and len(out.splitlines()) == 4


@pytest.mark.parametrize(
    "argv,words",
    [
        (["sql", "SELECT nope FROM measures"], ["SQL error", "nope"]),
        (["sql", "SELECT * FROM no_such_table"], ["SQL error"]),
        (["tables", "--out", "/nonexistent/out"], ["no output folder"]),
    ],
)
def test_sql_and_tables_bad_arguments(fixture_out, capsys, argv, words):
    if "--out" not in argv:
        argv = [*argv, "--out", str(fixture_out)]
    one_line_error(*run(capsys, *argv)[::2], *words)


@pytest.mark.parametrize("command", ["tables", "sql", "show", "plot"])
def test_help_has_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert "example:" in capsys.readouterr().out


# ------------------------------------------------------------------------------- show


def test_show_measure_prints_pages_labels_and_boxes(fixture_out, capsys):
    code, out, _ = run(
        capsys, "show", "measure", "30", "--edition", "fy2024", "--out", str(fixture_out)
    )
    assert code == 0
    row = load("measures", ["fy2024"], fixture_out).set_index("measure_no").loc[30]
    assert out.startswith("measure 30 · fy2024")
    assert f"physical page {row['page_start']}" in out
    assert f"printed page label {row['label_start']}" in out
    assert f"box on page {row['page_start']}" in out
    assert "Ministry of Justice" in out


@pytest.mark.parametrize(
    "kind,ident", [("measure", "30"), ("schedule", "WS004"), ("footnote", "7")]
)
def test_show_renders_the_record_region(fixture_out, tmp_path, capsys, kind, ident):
    image = tmp_path / f"{kind}.png"
    argv = ["show", kind, ident, "--out", str(fixture_out), "-o", str(image)]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert f"wrote {image}" in out
    with Image.open(image) as img:
        assert img.width > 1000 and img.height > 150
        colours = img.convert("RGB").getcolors(maxcolors=1 << 20)
    # the red outline of the highlight is drawn
    assert any(c[1] == (220, 30, 30) and c[0] > 500 for c in colours)


def test_show_default_edition_is_the_latest(fixture_out, capsys):
    code, out, _ = run(capsys, "show", "footnote", "1", "--out", str(fixture_out))
    assert code == 0 and out.splitlines()[0] == "footnote 1 · fy2024"


@pytest.mark.parametrize(
    "argv,words",
    [
        (["show", "measure", "999"], ["no measure '999'", "fy2024"]),
        (["show", "measure", "thirty"], ["must be a number"]),
        (["show", "schedule", "WS998"], ["no schedule"]),
        (["show", "measure", "3", "--edition", "fy1999"], ["unknown edition 'fy1999'", "fy2024"]),
        (["show", "measure", "3", "-o", "/nonexistent/dir/x.png"], ["does not exist"]),
        (["show", "measure", "3", "-o", "x.jpg"], ["must end in .png"]),
    ],
)
def test_show_bad_arguments(fixture_out, capsys, argv, words):
    one_line_error(*run(capsys, *argv, "--out", str(fixture_out))[::2], *words)


def test_show_says_when_the_pdf_moved(fixture_out, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(fixture_out, out)
    docs = pq.read_table(out / "documents" / "fy2024.parquet")
    i = docs.schema.get_field_index("source_path")
    docs = docs.set_column(i, docs.schema.field(i), pa.array(["/moved/away.pdf"]))
    pq.write_table(docs, out / "documents" / "fy2024.parquet")
    argv = ["show", "measure", "3", "--out", str(out), "-o", str(tmp_path / "m.png")]
    code, _, err = run(capsys, *argv)
    one_line_error(code, err, "has moved", "/moved/away.pdf", "--pdf")
    code, _, err = run(capsys, *argv, "--pdf", str(fixture_pdf("fy2024")))
    assert code == 0, err
    code, _, err = run(capsys, *argv, "--pdf", str(fixture_pdf("fy2023-synthetic")))
    one_line_error(code, err, "sha256")


# ------------------------------------------------------------------------------- plot


def _bars(figures) -> int:
    return sum(
        isinstance(p, Rectangle) and p.get_width() > 0
        for fig in figures
        for ax in fig.axes
        for p in ax.patches
    )


@pytest.mark.parametrize(
    "selection",
    [{}, {"measure": 30}, {"key_point": 2}, {"ministry": "justice"}],
)
def test_timeline_draws_one_bar_per_selected_cell(fixture_out, selection):
    chosen = select_cells(fixture_out, "fy2024", **selection)
    figures = timeline_figures(chosen)
    assert len(chosen.cells) > 0
    assert _bars(figures) == len(chosen.cells)
    lanes = chosen.cells[["schedule_id", "row_index"]].drop_duplicates()
    assert sum(len(f.axes[0].get_yticks()) for f in figures) == len(lanes)


def test_timeline_selection_by_measure(fixture_out):
    cells = select_cells(fixture_out, "fy2024", measure=30).cells
    schedules = load("schedules", ["fy2024"], fixture_out)
    covering = {
        s
        for s, ns in zip(schedules["schedule_id"], schedules["measure_nos"], strict=True)
        if 30 in ns
    }
    assert covering and set(cells["schedule_id"]) == covering


def test_groups_draw_every_member_and_tie(fixture_out):
    groups = load_groups(fixture_out, "fy2024")
    figures = groups_figures(groups, "fy2024")
    patches = [p for f in figures for ax in f.axes for p in ax.patches]
    members = load("measure_groups", ["fy2024"], fixture_out)
    assert sum(isinstance(p, Circle) for p in patches) == len(members)
    re_links = sum(len(g.re_links) for g in groups)
    assert re_links > 0
    assert sum(isinstance(p, FancyArrowPatch) for p in patches) == re_links
    assert sum(isinstance(p, Polygon) for p in patches) == sum(len(g.schedules) for g in groups)


@pytest.mark.parametrize(
    "argv",
    [
        ["plot", "timeline", "--key-point", "1"],
        ["plot", "timeline", "--edition", "fy2022"],
        ["plot", "groups"],
    ],
)
def test_plot_cli_writes_images(fixture_out, tmp_path, capsys, argv):
    target = tmp_path / "pic.png"
    code, out, err = run(capsys, *argv, "--out", str(fixture_out), "-o", str(target))
    assert code == 0, err
    written = [Path(line.removeprefix("wrote ")) for line in out.splitlines()]
    assert written and all(p.is_file() for p in written)
    for path in written:
        with Image.open(path) as img:
            assert img.width > 800 and img.height > 200


def test_plot_svg(fixture_out, tmp_path, capsys):
    target = tmp_path / "groups.svg"
    code, _, err = run(capsys, "plot", "groups", "--out", str(fixture_out), "-o", str(target))
    assert code == 0, err
    assert target.read_text(encoding="utf-8").count("<path") > 20


@pytest.mark.parametrize(
    "argv,words",
    [
        (["plot", "timeline", "--measure", "999", "-o", "x.png"], ["no measure 999"]),
        (["plot", "timeline", "--key-point", "9", "-o", "x.png"], ["no key point 9"]),
        (["plot", "timeline", "--ministry", "Ministry of Magic", "-o", "x.png"], ["Magic"]),
        (["plot", "timeline", "--edition", "fy1999", "-o", "x.png"], ["unknown edition"]),
        (["plot", "timeline", "-o", "/nonexistent/dir/x.png"], ["does not exist"]),
        (["plot", "groups", "-o", "x.pdf"], [".png or .svg"]),
        (["plot", "groups", "--measure", "3", "-o", "x.png"], ["timeline only"]),
    ],
)
def test_plot_bad_arguments(fixture_out, capsys, argv, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one_line_error(*run(capsys, *argv, "--out", str(fixture_out))[::2], *words)
    assert not list(tmp_path.glob("x*"))


def test_show_on_a_source_without_pages(tmp_path, capsys):
    from pipelines.run import extract_markdown
    from pipelines.writer import publish
    from tests.conftest import FIXTURES

    ex = extract_markdown(FIXTURES / "seed" / "roadmap-fy2024-en.md", progress=lambda _m: None)
    publish([ex], tmp_path)
    code, out, _ = run(capsys, "show", "measure", "30", "--out", str(tmp_path))
    assert code == 0 and "pages: none (source without pages)" in out and "<NA>" not in out
    argv = ["show", "measure", "30", "--out", str(tmp_path), "-o", str(tmp_path / "m.png")]
    one_line_error(*run(capsys, *argv)[::2], "no boxes")
