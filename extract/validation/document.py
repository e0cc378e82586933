"""Checks of the table of contents pages and the footnotes."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from extract.validation.measures import numbering
from extract.validation.report import ERROR, WARNING, Finding
from extract.validation.values import as_int, as_text, has_pages, is_null


def check_toc_pages(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """The page a TOC entry prints equals the label of the page where its heading was found."""
    if not has_pages(t):
        return []
    h = t["headings"]
    if "label_toc" not in h.columns or h["label_toc"].map(is_null).all():
        return [Finding(WARNING, "toc_not_linked", "no heading carries a table-of-contents page")]
    mismatched, unlabelled = [], []
    for _, row in h.iterrows():
        toc, label = as_text(row["label_toc"]), as_text(row.get("label"))
        if not toc:
            continue
        item = {
            "heading_id": row["heading_id"],
            "label_toc": toc,
            "label": label,
            "page": as_int(row.get("page")),
        }
        if label is None:
            unlabelled.append(item)
        elif toc != label:
            mismatched.append(item)
    out = []
    if mismatched:
        out.append(
            Finding(
                ERROR,
                "toc_page_mismatch",
                "TOC page differs from where the heading is printed",
                tuple(mismatched),
            )
        )
    if unlabelled:
        out.append(
            Finding(
                WARNING,
                "toc_heading_unlabelled",
                "TOC names a page but the heading's page prints no number",
                tuple(unlabelled),
            )
        )
    return out


def check_footnotes(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Footnotes are numbered 1..N once each, and each is called somewhere in the text."""
    f = t["footnotes"]
    if f.empty:
        return [Finding(WARNING, "footnotes_empty", "no footnotes were extracted")]
    out = numbering(f["footnote_no"], "footnote", "footnote")
    if "call_page" not in f.columns:
        return out + [
            Finding(ERROR, "column_missing", "footnotes has no column 'call_page'", ("call_page",))
        ]
    called = f["called"] if "called" in f.columns else f["call_page"].map(lambda c: not is_null(c))
    uncalled = [as_int(n) for n, c in zip(f["footnote_no"], called, strict=True) if not bool(c)]
    if uncalled:
        out.append(
            Finding(
                ERROR, "footnote_uncalled", "footnotes never called in the text", tuple(uncalled)
            )
        )
    if "page" in f.columns:
        away = [
            {"footnote_no": as_int(n), "page": as_int(p), "call_page": as_int(c)}
            for n, p, c in zip(f["footnote_no"], f["page"], f["call_page"], strict=True)
            if not is_null(c) and not is_null(p) and as_int(c) != as_int(p)
        ]
        if away:
            out.append(
                Finding(
                    WARNING,
                    "footnote_call_elsewhere",
                    "footnotes printed on another page than their call",
                    tuple(away),
                )
            )
    return out
