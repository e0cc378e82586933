"""Validator: a hand-written edition (not built by the stages it checks) is clean, and each
deliberate break of it is reported; as an integration check, every fixture's gold validates.

The fy20xx-synthetic fixtures are synthetic editions, not the real 2022/2023 documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from extract.validation import ERROR, WARNING, Finding, ValidationReport, validate
from pipelines.validate_cmd import run_validate
from tests.test_link_support import FIXTURE_NAMES, gold_tables

EDITION = "fy2024"


def _measure(no: int, key_point: int, page: int, refs: str | None = None) -> dict:
    return {
        "edition": EDITION,
        "measure_no": no,
        "key_point": key_point,
        "subsection": "a",
        "text": f"The government will carry out initiative {no}.",
        "ministries": ["Ministry of Justice"],
        "refs_raw": refs,
        "page_start": page,
        "page_end": page,
    }


def _xref(source: int, target: int | None, key_point: int | None, raw: str, **kw) -> dict:
    row = {
        "edition": EDITION,
        "source_no": source,
        "target_no": target,
        "target_key_point": key_point,
        "target_index": 0,
        "raw": raw,
        "resolved": True,
        "issue": None,
        "page": 5,
    }
    return {**row, **kw}


def hand_tables() -> dict[str, pd.DataFrame]:
    """A small edition written out by hand (not by the stages the validator checks).

    Six measures under two key points; <2> and <5> are copies tied by reciprocal "(Re: …)"
    notes; WS003 covers <3> and <4> together, every other measure has a table of its own;
    three headings of which two are in the table of contents; three footnotes, all called.
    """
    measures = [
        _measure(1, 1, 3),
        _measure(2, 1, 3, "(Re: 2-(3) <5>)"),
        _measure(3, 1, 4),
        _measure(4, 2, 5),
        _measure(5, 2, 5, "(Re: 1-(3) <2>)"),
        _measure(6, 2, 6),
    ]
    xrefs = [_xref(2, 5, 2, "(Re: 2-(3) <5>)"), _xref(5, 2, 1, "(Re: 1-(3) <2>)")]
    groups = [
        {"edition": EDITION, "group_id": gid, "measure_no": n, "via": [via]}
        for gid, members, via in (("G002", (2, 5), "re"), ("G003", (3, 4), "schedule"))
        for n in members
    ]
    summary = [
        {"edition": EDITION, "group_id": "G002", "size": 2, "re_similarity": 0.95},
        {"edition": EDITION, "group_id": "G003", "size": 2, "re_similarity": None},
    ]
    headings = [
        {"edition": EDITION, "heading_id": "1", "page": 3, "label": "1", "label_toc": "1"},
        {"edition": EDITION, "heading_id": "1.1", "page": 3, "label": "1", "label_toc": None},
        {"edition": EDITION, "heading_id": "2", "page": 5, "label": "3", "label_toc": "3"},
    ]
    footnotes = [
        {"edition": EDITION, "footnote_no": n, "page": p, "label": str(p - 2), "call_page": p}
        for n, p in ((1, 3), (2, 4), (3, 6))
    ]
    schedules = [
        {"edition": EDITION, "schedule_id": sid, "measure_nos": nos, "extra_refs": extra}
        for sid, nos, extra in (
            ("WS001", [1], []),
            ("WS002", [2], [5]),
            ("WS003", [3, 4], []),
            ("WS005", [5], []),
            ("WS006", [6], []),
        )
    ]
    tables = {
        "measures": measures,
        "cross_references": xrefs,
        "measure_groups": groups,
        "group_summary": summary,
        "headings": headings,
        "footnotes": footnotes,
        "schedules": schedules,
    }
    return {name: pd.DataFrame(rows) for name, rows in tables.items()}


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    return hand_tables()


def finding(report: ValidationReport, code: str) -> Finding:
    hits = [f for f in report.findings if f.code == code]
    assert hits, f"{code} not reported; got {sorted(report.codes())}"
    return hits[0]


def middle(df: pd.DataFrame) -> int:
    """Row position of a measure/footnote in the middle."""
    return len(df) // 2


# --------------------------------------------------------------------------- clean inputs


def test_hand_written_edition_validates_clean(tables: dict) -> None:
    report = validate(tables, EDITION)
    assert report.findings == []
    assert {c.status for c in report.checks} == {"passed"}


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_gold_tables_validate_clean(name: str) -> None:
    """Integration: each fixture's gold tables, with link tables from the link stage."""
    t = gold_tables(name)
    report = validate(t, t["measures"]["edition"].iloc[0])
    assert report.errors == []
    assert report.codes(WARNING) <= {"xref_malformed_fixed"}
    assert all(c.status in ("passed", "warned") for c in report.checks)


def test_survives_a_parquet_round_trip(tables: dict, tmp_path: Path) -> None:
    """List columns come back from Parquet as arrays; the checks must not care."""
    for name, df in tables.items():
        (tmp_path / name).mkdir()
        df.to_parquet(tmp_path / name / f"{EDITION}.parquet")
    back = {n: pd.read_parquet(tmp_path / n / f"{EDITION}.parquet") for n in tables}
    assert validate(back, EDITION).errors == []


# --------------------------------------------------------------------------- broken inputs


def test_gap_in_numbering(tables: dict) -> None:
    m = tables["measures"]
    gone = int(m["measure_no"].iloc[middle(m)])
    tables["measures"] = m.drop(index=middle(m))
    assert finding(validate(tables, EDITION), "numbering_gap").items == (gone,)


def test_duplicate_number(tables: dict) -> None:
    m = tables["measures"]
    m.loc[middle(m), "measure_no"] = m["measure_no"].iloc[middle(m) - 1]
    report = validate(tables, EDITION)
    assert finding(report, "numbering_duplicate").items == (int(m["measure_no"].iloc[middle(m)]),)
    assert finding(report, "numbering_gap").severity == ERROR


@pytest.mark.parametrize(
    ("column", "blank", "code"),
    [
        ("ministries", [], "measure_missing_ministry"),
        ("key_point", None, "measure_missing_key_point"),
        ("subsection", "", "measure_missing_subsection"),
        ("subsection", None, "measure_missing_subsection"),
    ],
)
def test_missing_required_field(tables: dict, column: str, blank: object, code: str) -> None:
    m = tables["measures"]
    m[column] = m[column].astype(object)
    m.at[middle(m), column] = blank
    f = finding(validate(tables, EDITION), code)
    assert (f.severity, f.items) == (ERROR, (int(m["measure_no"].iloc[middle(m)]),))


def test_dangling_reference_unflagged_is_an_error(tables: dict) -> None:
    x = tables["cross_references"]
    absent = int(tables["measures"]["measure_no"].max()) + 1
    x.loc[0, ["target_no", "resolved", "issue"]] = [absent, False, None]
    report = validate(tables, EDITION)
    f = finding(report, "xref_unflagged")
    assert f.severity == ERROR
    assert {
        "source_no": int(x["source_no"][0]),
        "target_no": absent,
        "problems": ["missing_target"],
    } in f.items
    assert "xref_rows_differ" in report.codes(ERROR)  # the note does not say so either


def add_note(tables: dict, source: int, target: int, key_point: int, **row) -> None:
    """Give measure `source` a note pointing at `target`, and its cross_references row."""
    raw = f"(Re: {key_point}-(3) <{target}>)"
    m = tables["measures"]
    m.loc[m["measure_no"] == source, "refs_raw"] = raw
    new = pd.DataFrame([_xref(source, target, key_point, raw, **row)])
    tables["cross_references"] = pd.concat([tables["cross_references"], new], ignore_index=True)


def test_dangling_reference_flagged_is_reported(tables: dict) -> None:
    m = tables["measures"]
    absent = 7
    i = middle(m)
    add_note(tables, 4, absent, 1, resolved=False, issue="missing_target")
    report = validate(tables, EDITION)
    f = finding(report, "xref_missing_target")
    assert f.severity == WARNING
    assert f.items[0]["target_no"] == absent and f.items[0]["source_no"] == m["measure_no"][i]
    assert "xref_unflagged" not in report.codes()


def test_unreciprocated_link_must_be_flagged(tables: dict) -> None:
    m = tables["measures"]
    i = middle(m)
    target = 1
    add_note(tables, 4, target, 1, issue="not_reciprocal")
    assert finding(validate(tables, EDITION), "xref_not_reciprocal").severity == WARNING
    x = tables["cross_references"]
    x["issue"] = None
    f = finding(validate(tables, EDITION), "xref_unflagged")
    assert {
        "source_no": int(m["measure_no"][i]),
        "target_no": target,
        "problems": ["not_reciprocal"],
    } in f.items


def test_key_point_mismatch_unflagged(tables: dict) -> None:
    x = tables["cross_references"]
    x.loc[0, "target_key_point"] = int(x["target_key_point"][0]) + 1
    f = finding(validate(tables, EDITION), "xref_unflagged")
    assert f.items[0]["problems"] == ["key_point_mismatch"]


def test_reference_rows_missing_for_a_note(tables: dict) -> None:
    x = tables["cross_references"]
    source = x["source_no"][0]
    tables["cross_references"] = x[x["source_no"] != source]
    f = finding(validate(tables, EDITION), "xref_rows_differ")
    assert [i["source_no"] for i in f.items] == [source]


def test_toc_page_mismatch(tables: dict) -> None:
    h = tables["headings"]
    i = h.index[h["label_toc"].notna()][0]
    h.at[i, "label_toc"] = str(int(h.at[i, "label"]) + 1)
    f = finding(validate(tables, EDITION), "toc_page_mismatch")
    assert f.severity == ERROR and [x["heading_id"] for x in f.items] == [h.at[i, "heading_id"]]


def test_uncalled_footnote(tables: dict) -> None:
    f = tables["footnotes"]
    f["call_page"] = f["call_page"].astype(object)
    f.at[middle(f), "call_page"] = None
    found = finding(validate(tables, EDITION), "footnote_uncalled")
    assert found.severity == ERROR and found.items == (int(f["footnote_no"][middle(f)]),)


def test_footnote_gap(tables: dict) -> None:
    f = tables["footnotes"]
    gone = int(f["footnote_no"][middle(f)])
    tables["footnotes"] = f.drop(index=middle(f))
    assert finding(validate(tables, EDITION), "footnote_gap").items == (gone,)


def test_schedule_points_at_missing_measure(tables: dict) -> None:
    s = tables["schedules"]
    absent = int(tables["measures"]["measure_no"].max()) + 1
    s.at[0, "measure_nos"] = list(s.at[0, "measure_nos"]) + [absent]
    f = finding(validate(tables, EDITION), "schedule_unknown_measure")
    assert f.items == (
        {"schedule_id": s.at[0, "schedule_id"], "measure_no": absent, "column": "measure_nos"},
    )


def test_measure_in_no_schedule_is_listed(tables: dict) -> None:
    s = tables["schedules"]
    lost = int(s.at[0, "measure_nos"][0])
    for col in ("measure_nos", "extra_refs"):
        s[col] = [[n for n in nos if n != lost] for nos in s[col]]
    assert finding(validate(tables, EDITION), "measure_not_in_schedule").items == (lost,)


def test_schedules_without_any_measure_number_mean_the_attachment_was_not_understood(
    tables: dict, tmp_path: Path, capsys
) -> None:
    s = tables["schedules"]
    s["measure_nos"] = [[] for _ in range(len(s))]
    s["extra_refs"] = [[] for _ in range(len(s))]
    report = validate(tables, EDITION)
    plain = f"{len(s)} schedules, 0 with measure numbers: the attachment was not understood"
    assert finding(report, "schedules_not_understood").severity == ERROR
    assert plain in report.summary().splitlines()[0]
    assert "measure_not_in_schedule" not in report.codes()  # one plain error, not 100 of them
    write_out(tables, tmp_path)
    assert run_validate(tmp_path, EDITION, strict=True) == 1
    assert plain in capsys.readouterr().out


def test_one_schedule_without_measure_numbers_is_an_error(tables: dict) -> None:
    s = tables["schedules"]
    s.at[0, "measure_nos"] = []
    f = finding(validate(tables, EDITION), "schedule_without_measures")
    assert f.severity == ERROR and f.items == (s.at[0, "schedule_id"],)
    assert f"{len(s)} schedules, 1 without measure numbers" in validate(tables, EDITION).summary()


def test_dissimilar_re_copies_are_a_warning(tables: dict) -> None:
    g = tables["group_summary"]
    i = g.index[g["re_similarity"].notna()][0]
    g.at[i, "re_similarity"] = 0.1
    f = finding(validate(tables, EDITION), "re_links_dissimilar")
    assert f.severity == WARNING and f.items == (
        {"group_id": g.at[i, "group_id"], "re_similarity": 0.1},
    )


# --------------------------------------------------------------------------- degraded inputs


def test_missing_table_is_a_warning_not_a_crash(tables: dict) -> None:
    del tables["footnotes"], tables["cross_references"]
    report = validate(tables, EDITION)
    assert finding(report, "table_missing").items == ("cross_references", "footnotes")
    skipped = {c.name for c in report.checks if c.status == "skipped"}
    assert skipped == {"footnotes", "cross_references"}
    assert report.ok


def test_tables_without_rows_are_checked_not_crashed(tables: dict) -> None:
    """The pipeline builds frames from row lists; no rows gives a frame without columns."""
    for name in ("cross_references", "measure_groups", "group_summary"):
        tables[name] = pd.DataFrame([])
    report = validate(tables, EDITION)
    assert "column_missing" not in report.codes()
    assert "xref_rows_differ" in report.codes(ERROR)  # the notes are there, the rows are not
    tables["measures"]["refs_raw"] = None
    assert validate(tables, EDITION).errors == []


def test_no_tables_at_all() -> None:
    report = validate({}, EDITION)
    assert report.ok and {c.status for c in report.checks} == {"skipped"}


def test_missing_column_is_an_error_not_a_crash(tables: dict) -> None:
    tables["footnotes"] = tables["footnotes"].drop(columns=["call_page"])
    assert "column_missing" in validate(tables, EDITION).codes(ERROR)


def test_other_editions_rows_are_ignored(tables: dict) -> None:
    extra = tables["measures"].head(3).assign(edition="fy2099")
    tables["measures"] = pd.concat([tables["measures"], extra], ignore_index=True)
    assert validate(tables, EDITION).errors == []


def test_report_json_and_summary(tables: dict) -> None:
    tables["footnotes"].loc[0, "call_page"] = None
    report = validate(tables, EDITION)
    data = json.loads(report.to_json())
    assert data["ok"] is False and data["counts"]["errors"] == len(report.errors)
    assert any(e["code"] == "footnote_uncalled" for e in data["errors"])
    text = report.summary()
    assert "FAILED" in text and "ERROR" in text and "footnote_uncalled" in text


# --------------------------------------------------------------------------- command


def write_out(tables: dict[str, pd.DataFrame], out: Path, edition: str = EDITION) -> None:
    for name, df in tables.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        df.to_parquet(out / name / f"{edition}.parquet")


def test_command_writes_report_and_strict_fails_on_errors(
    tables: dict, tmp_path: Path, capsys
) -> None:
    write_out(tables, tmp_path)
    assert run_validate(tmp_path, EDITION, strict=True) == 0
    report = json.loads((tmp_path / "validation" / f"{EDITION}.json").read_text())
    assert report["ok"] is True
    tables["footnotes"].loc[0, "call_page"] = None
    write_out(tables, tmp_path)
    assert run_validate(tmp_path, None, strict=False) == 0
    assert run_validate(tmp_path, None, strict=True) == 1
    captured = capsys.readouterr()
    assert "footnote_uncalled" in captured.err  # findings go to stderr, the verdict to stdout
    assert "FAILED" in captured.out and "footnote_uncalled" not in captured.out
    assert json.loads((tmp_path / "validation" / f"{EDITION}.json").read_text())["ok"] is False
    assert not list((tmp_path / "validation").glob(".*"))  # no temp files left behind


def test_command_bad_input_is_one_line_and_keeps_old_report(
    tables: dict, tmp_path: Path, capsys
) -> None:
    write_out(tables, tmp_path)
    run_validate(tmp_path, EDITION, strict=False)
    before = (tmp_path / "validation" / f"{EDITION}.json").read_text()
    (tmp_path / "footnotes" / f"{EDITION}.parquet").write_bytes(b"not parquet")
    capsys.readouterr()
    assert run_validate(tmp_path, EDITION, strict=False) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "footnotes" in err and EDITION in err
    assert (tmp_path / "validation" / f"{EDITION}.json").read_text() == before
    assert run_validate(tmp_path, "fy1999", strict=False) == 2
    assert run_validate(tmp_path / "empty", None, strict=False) == 2
