"""Tables of the link stage: "(Re: …)" cross-references, the measure groups they form, and the
tidy link tables (measure -> ministry, footnote -> the paragraphs and measures calling it)."""

from __future__ import annotations

import pyarrow as pa

from schemas.base import declare, same

ISSUE_CODES = (
    "missing_target",
    "key_point_mismatch",
    "not_reciprocal",
    "malformed_fixed",
    "unparsed",
)

CROSS_REFERENCES = declare(
    "cross_references",
    "One target of a measure's '(Re: …)' note, resolved against the edition's measures. "
    "Problems are flagged in `issue`, never dropped.",
    [
        ("edition", pa.string(), "Edition of the roadmap, e.g. 'fy2024'.", False),
        ("source_no", pa.int32(), "Number of the measure that carries the '(Re: …)' note.", False),
        (
            "target_no",
            pa.int32(),
            "Measure number the note points at ('<30>'); null only when no measure tag "
            "could be read from the note (issue 'unparsed').",
        ),
        (
            "target_key_point",
            pa.int32(),
            "Key point the note states for the target: the number written before the tag "
            "('2' in '2-(3) <30>'), or, for a bare tag such as '<90>' in "
            "'(Re: 4-(3) <73>, <90>)', the key point it inherits from the previous target. "
            "Null when the note states none.",
        ),
        (
            "target_index",
            pa.int32(),
            "0-based position of this target among the note's targets, in printed order.",
            False,
        ),
        ("raw", pa.string(), "The whole note as printed, e.g. '(Re: 4-(3) <73>, <90>)'.", False),
        (
            "resolved",
            pa.bool_(),
            "True when a measure with `target_no` exists in the edition.",
            False,
        ),
        (
            "issue",
            pa.string(),
            "Null, or the most serious problem with this target, one of: missing_target (no "
            "such measure), key_point_mismatch (the target measure is under another key point "
            "than stated), not_reciprocal (the target's note does not point back), "
            "malformed_fixed (the locator was outside the published grammar and read "
            "leniently), unparsed (the note holds no readable measure tag).",
        ),
        (
            "page",
            pa.int32(),
            "Physical page (1-based) where the note is printed: the source measure's last page; "
            "null for sources without pages.",
        ),
    ],
    primary_key=("edition", "source_no", "target_index"),
    foreign_keys={"measures": [("edition", "edition"), ("source_no", "measure_no")]},
)

MEASURE_GROUPS = declare(
    "measure_groups",
    "Membership of measures in linked groups: connected components (size >= 2) of the "
    "'(Re: …)' links together with co-membership of a work-schedule table.",
    [
        ("edition", pa.string(), "Edition of the roadmap.", False),
        (
            "group_id",
            pa.string(),
            "Group identifier derived from its content: 'G' and the smallest member's measure "
            "number, zero-padded to three digits (stable across re-runs).",
            False,
        ),
        ("measure_no", pa.int32(), "A measure belonging to the group.", False),
        (
            "via",
            pa.list_(pa.string()),
            "How this measure is tied to the rest of the group: 're' (a resolved '(Re: …)' "
            "link to or from another member) and/or 'schedule' (shares a work-schedule table "
            "with another member).",
            False,
        ),
    ],
    primary_key=("edition", "group_id", "measure_no"),
    foreign_keys={
        "measures": same("edition", "measure_no"),
        "group_summary": same("edition", "group_id"),
    },
)

GROUP_SUMMARY = declare(
    "group_summary",
    "One row per measure group: its size, members, key points, ministries and how alike "
    "its members' texts are.",
    [
        ("edition", pa.string(), "Edition of the roadmap.", False),
        ("group_id", pa.string(), "Group identifier, as in measure_groups.", False),
        ("size", pa.int32(), "Number of member measures.", False),
        ("measure_nos", pa.list_(pa.int32()), "Member measure numbers, ascending.", False),
        (
            "via",
            pa.list_(pa.string()),
            "Kinds of tie present in the group: 're' and/or 'schedule'.",
            False,
        ),
        (
            "re_links",
            pa.int32(),
            "Number of distinct resolved '(Re: …)' links (unordered pairs) between members.",
            False,
        ),
        (
            "schedule_ids",
            pa.list_(pa.string()),
            "Work-schedule tables holding two or more of the members.",
            False,
        ),
        (
            "key_points",
            pa.list_(pa.int32()),
            "Distinct key points of the members, ascending.",
            False,
        ),
        (
            "ministries",
            pa.list_(pa.string()),
            "Distinct responsible ministries over all members, sorted.",
            False,
        ),
        (
            "mean_similarity",
            pa.float64(),
            "Mean over all member pairs of difflib's SequenceMatcher ratio of the lower-cased "
            "word sequences (1.0 = identical text); near 1 for groups of repeated initiatives. "
            "Null when a member has no text.",
        ),
        (
            "re_similarity",
            pa.float64(),
            "The same similarity averaged over the member pairs tied by a '(Re: …)' link only; "
            "null when the group has no such link. Copies of one initiative are near 1, so a "
            "low value hints at a misplaced note or a wrong measure boundary.",
        ),
    ],
    primary_key=("edition", "group_id"),
)

MEASURE_MINISTRIES = declare(
    "measure_ministries",
    "One ministry or agency named in a measure's closing brackets: the tidy form of "
    "measures.ministries, one row per (measure, ministry), with catch-alls flagged.",
    [
        ("edition", pa.string(), "Edition of the roadmap.", False),
        ("measure_no", pa.int32(), "The measure (measures.measure_no).", False),
        (
            "ministry",
            pa.string(),
            "Canonical name of the ministry or agency (schemas/ministries.json).",
            False,
        ),
        (
            "generic",
            pa.bool_(),
            "True for catch-all entries that name no single body ('Relevant Ministries and "
            "Agencies', 'other related ministries and agencies'); filter them out to count "
            "ministries.",
            False,
        ),
        (
            "position",
            pa.int32(),
            "1-based position of the name in the brackets, in printed order (1 = lead ministry).",
            False,
        ),
    ],
    primary_key=("edition", "measure_no", "position"),
)

FOOTNOTE_CALLS = declare(
    "footnote_calls",
    "One call of a footnote from a body paragraph: which paragraph, page and measure call it "
    "(footnotes.call_page keeps only the first call).",
    [
        ("edition", pa.string(), "Edition of the roadmap.", False),
        ("footnote_no", pa.int32(), "The footnote called (footnotes.footnote_no).", False),
        (
            "paragraph_no",
            pa.int32(),
            "The calling paragraph (paragraphs.paragraph_no); a paragraph calling one footnote "
            "twice gives one row.",
            False,
        ),
        (
            "page",
            pa.int32(),
            "Physical page (1-based) where the call is printed; null for sources without pages.",
        ),
        ("label", pa.string(), "Page label printed on that page; null where none is printed."),
        (
            "measure_no",
            pa.int32(),
            "Measure the calling paragraph is part of; null when the paragraph is outside any "
            "numbered measure.",
        ),
    ],
    primary_key=("edition", "footnote_no", "paragraph_no"),
)
