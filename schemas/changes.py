"""Tables written by `roadmap diff OLD NEW`: what changed between two editions.

One file per pair of editions, `<table>/<OLD>--<NEW>.parquet`. The change types and how they
map to the Akoma Ntoso modification vocabulary are explained in docs/diff.md.
"""

from __future__ import annotations

import pyarrow as pa

from schemas.base import declare

PAIR = "<OLD>--<NEW>"
_OLD_ED = ("old_edition", pa.string(), "The earlier edition compared, e.g. 'fy2023'.", False)
_NEW_ED = ("new_edition", pa.string(), "The later edition compared, e.g. 'fy2024'.", False)
_INTS = pa.list_(pa.int32())

MEASURE_CHANGE_TYPES = ("unchanged", "renumbered", "modified", "added", "removed")
MEASURE_FIELDS = ("text", "ministries", "refs", "subsection", "theme", "key_point")
SCHEDULE_CHANGE_TYPES = (
    "added",
    "removed",
    "split",
    "joined",
    "title",
    "labels",
    "goal",
    "outline",
    "policy",
    "row_added",
    "row_removed",
    "cell_added",
    "cell_removed",
    "cell_span",
    "cell_text",
    "kpi",
)
DOCUMENT_CHANGE_TYPES = (
    "cover",
    "heading_added",
    "heading_removed",
    "heading_text",
    "paragraph_added",
    "paragraph_removed",
    "paragraph_text",
    "footnote_added",
    "footnote_removed",
    "footnote_text",
)

# Where a changed schedule or text item is printed in each edition.
_ITEM_PAGES = (
    (
        "old_page",
        pa.int32(),
        "Physical page (1-based) of the item in the old edition; null if it has none.",
    ),
    (
        "new_page",
        pa.int32(),
        "Physical page (1-based) of the item in the new edition; null if it has none.",
    ),
)
_CHANGE_NO = (
    "change_no",
    pa.int32(),
    "1-based position of the row in this pair's table, in the order the diff lists them "
    "(deterministic); with the two editions, the row's key.",
    False,
)
_KEY = ("old_edition", "new_edition", "change_no")

MEASURE_CHANGES = declare(
    "measure_changes",
    "One row for every measure of both editions: the aligned pairs (which makes the table the "
    "renumbering map) and the measures present on one side only. Renumbering alone is never a "
    "modification: texts and '(Re: …)' notes are compared after mapping old numbers to new.",
    [
        _OLD_ED,
        _NEW_ED,
        _CHANGE_NO,
        ("old_no", pa.int32(), "Measure number in the old edition; null for an added measure."),
        ("new_no", pa.int32(), "Measure number in the new edition; null for a removed measure."),
        (
            "change",
            pa.string(),
            "unchanged, renumbered (only its number and the numbers it cites changed), "
            "modified (see fields), added or removed.",
            False,
        ),
        (
            "fields",
            pa.list_(pa.string()),
            "For 'modified': what changed in meaning, among text, ministries (canonical names), "
            "refs (targets of the '(Re: …)' note after renumbering), subsection, theme, "
            "key_point. Empty otherwise.",
            False,
        ),
        (
            "similarity",
            pa.float64(),
            "Match score in [0, 1] of the aligned pair (weighted text, place, ministries, "
            "refs and schedule evidence; see docs/diff.md); null for added/removed.",
        ),
        (
            "text_diff",
            pa.string(),
            "Word-level redline of the text, old numbers renumbered: '[-deleted-]' and "
            "'{+inserted+}'; null when the texts are the same.",
        ),
        (
            "old_page",
            pa.int32(),
            "Physical page (1-based) where the old measure starts; null for an added measure or "
            "a page-less (Markdown) source.",
        ),
        (
            "new_page",
            pa.int32(),
            "Physical page (1-based) where the new measure starts; null for a removed measure or "
            "a page-less (Markdown) source.",
        ),
    ],
    primary_key=_KEY,
    foreign_keys=[
        ("measures", [("old_edition", "edition"), ("old_no", "measure_no")]),
        ("measures", [("new_edition", "edition"), ("new_no", "measure_no")]),
    ],
    file_stem=PAIR,
)

SCHEDULE_CHANGES = declare(
    "schedule_changes",
    "One row per changed item of the work-schedule tables (unchanged items are not listed). "
    "Tables are aligned through the measures their titles list, after renumbering.",
    [
        _OLD_ED,
        _NEW_ED,
        _CHANGE_NO,
        ("old_schedule_id", pa.string(), "schedules.schedule_id in the old edition, or null."),
        ("new_schedule_id", pa.string(), "schedules.schedule_id in the new edition, or null."),
        (
            "old_measure_nos",
            _INTS,
            "Measure numbers in the old table's title; empty when the table is new.",
            False,
        ),
        (
            "new_measure_nos",
            _INTS,
            "Measure numbers in the new table's title; empty when the table was removed.",
            False,
        ),
        ("change", pa.string(), "One of: " + ", ".join(SCHEDULE_CHANGE_TYPES) + ".", False),
        (
            "old_row",
            pa.int32(),
            "0-based row (schedule_cells.row_index) in the old table; null for table-level "
            "changes.",
        ),
        ("new_row", pa.int32(), "0-based row in the new table; null for table-level changes."),
        (
            "old_value",
            pa.string(),
            "The old value: title, labels, goal, outline, policy, cell or KPI text, a row "
            "as 'policy/span: text/KPI' lines, or for cell_span the span ('FY2022-FY2023 H1'); "
            "null where the item is new.",
        ),
        (
            "new_value",
            pa.string(),
            "The new value, in the same form; null where the item was removed.",
        ),
        (
            "detail",
            pa.string(),
            "Context: the span of a changed cell, the text of a re-spanned cell, parsed KPI "
            "targets ('target: 1,000,000 video views (FY2026) -> 1,500,000 …'), or split/join "
            "size; null where there is none.",
        ),
        *_ITEM_PAGES,
    ],
    primary_key=_KEY,
    file_stem=PAIR,
)

DOCUMENT_CHANGES = declare(
    "document_changes",
    "One row per changed item of the text outside the measures: cover, headings, paragraphs "
    "that are not part of a measure, and footnotes (matched by text, not number).",
    [
        _OLD_ED,
        _NEW_ED,
        _CHANGE_NO,
        ("change", pa.string(), "One of: " + ", ".join(DOCUMENT_CHANGE_TYPES) + ".", False),
        (
            "old_text",
            pa.string(),
            "The item's old text (cover: title; date; revisions; issuer); null when added.",
        ),
        ("new_text", pa.string(), "The item's new text; null when removed."),
        *_ITEM_PAGES,
    ],
    primary_key=_KEY,
    file_stem=PAIR,
)
