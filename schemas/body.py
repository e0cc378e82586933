"""Tables of the body text: documents, pages, headings, paragraphs, measures, footnotes."""

from __future__ import annotations

import pyarrow as pa

from schemas.base import boxes_column, declare, same

EDITION = ("edition", pa.string(), "Edition of the roadmap, e.g. 'fy2024' (from the cover).", False)
PAGE = "Physical page: 1-based index of the page in the PDF; null for sources without pages."
LABEL = "Page label printed on that page (e.g. '3' for a footer '- 3 -'); null where none."
PAGE_START = "Physical page (1-based) where the {what} starts; null for sources without pages."
PAGE_END = "Physical page (1-based) where the {what} ends; null for sources without pages."
LABEL_START = "Page label printed on page_start; null where none is printed."
LABEL_END = "Page label printed on page_end; null where none is printed."

DOCUMENTS = declare(
    "documents",
    "One row per extracted source document (edition).",
    [
        EDITION,
        ("title", pa.string(), "Title as printed on the cover.", False),
        (
            "decided",
            pa.date32(),
            "Date of the original decision printed on the cover; null when the cover prints none.",
        ),
        (
            "revisions",
            pa.list_(pa.date32()),
            "Dates of the '(Partly changed on …)' lines on the cover, in printed order.",
            False,
        ),
        (
            "issuer",
            pa.string(),
            "Issuing body printed on the cover; null when the cover names none.",
        ),
        ("source_file", pa.string(), "File name of the source document.", False),
        (
            "source_path",
            pa.string(),
            "Absolute path of the source file when it was extracted (where `roadmap show` "
            "looks for the PDF to draw a record's boxes).",
            False,
        ),
        ("source_sha256", pa.string(), "SHA-256 of the source file's bytes.", False),
        ("source_format", pa.string(), "'pdf' or 'markdown'.", False),
        ("page_count", pa.int32(), "Number of physical pages; null for sources without pages."),
        (
            "repaired",
            pa.bool_(),
            "True if the source PDF was damaged (e.g. a broken cross-reference table) and the "
            "text was read from a copy repaired by pdfium; false if it was read as-is.",
            False,
        ),
        ("repair_note", pa.string(), "What was wrong with the source and how it was repaired."),
        ("attachment_page", pa.int32(), "Physical page where the work-schedule attachment starts."),
        ("pipeline_version", pa.string(), "Version of roadmap-extract that wrote the row.", False),
        (
            "source_url",
            pa.string(),
            "URL of the official page publishing the document (raw/sources.json, looked up by "
            "source_sha256); null when the file is not listed there.",
        ),
        (
            "source_note",
            pa.string(),
            "Note on the file's relation to the official publication (e.g. 're-rendering of the "
            "published text'); null when the file is not listed in raw/sources.json.",
        ),
    ],
    primary_key=["edition"],
)

PAGES = declare(
    "pages",
    "One row per physical page of the source PDF.",
    [
        EDITION,
        ("page", pa.int32(), "Physical page: 1-based index of the page in the PDF.", False),
        ("label", pa.string(), LABEL),
        ("width", pa.float64(), "Page width in PDF points.", False),
        ("height", pa.float64(), "Page height in PDF points.", False),
        ("orientation", pa.string(), "'portrait' or 'landscape'.", False),
        ("section", pa.string(), "'cover', 'toc', 'body' or 'attachment'.", False),
    ],
    primary_key=["edition", "page"],
)

HEADINGS = declare(
    "headings",
    "One row per heading of the body, in reading order, with its place in the hierarchy.",
    [
        EDITION,
        (
            "heading_id",
            pa.string(),
            "Identifier built from the heading numbers of its path.",
            False,
        ),
        (
            "level",
            pa.int32(),
            "Depth: 1 chapter/attachment, 2 key point/section, 3 (1)-(3), "
            "4 letter subsection, 5 theme line.",
            False,
        ),
        (
            "kind",
            pa.string(),
            "chapter, attachment, key_point, section, list_heading, list_item (vision or "
            "key_point_summary when its list heading lists visions or key points), "
            "subsection, letter or theme.",
            False,
        ),
        (
            "number",
            pa.string(),
            "The heading's own number or letter ('4', '3', 'a'); null if none.",
        ),
        ("text", pa.string(), "Heading text as printed, wrapped lines re-joined.", False),
        ("page", pa.int32(), PAGE),
        ("label", pa.string(), LABEL),
        ("parent_id", pa.string(), "heading_id of the enclosing heading; null at level 1."),
        (
            "label_toc",
            pa.string(),
            "Page label the table of contents prints for this heading (toc.label); null when "
            "the table of contents does not list it. Differs from `label` when the TOC is wrong.",
        ),
        boxes_column(),
    ],
    primary_key=["edition", "heading_id"],
)

PARAGRAPHS = declare(
    "paragraphs",
    "One row per body paragraph (re-joined across page breaks and footnote blocks).",
    [
        EDITION,
        ("paragraph_no", pa.int32(), "1-based position of the paragraph in reading order.", False),
        (
            "heading_id",
            pa.string(),
            "Nearest heading above the paragraph; null before the first heading.",
        ),
        (
            "text",
            pa.string(),
            "Paragraph text without bullet glyph and footnote-call digits.",
            False,
        ),
        ("bullet", pa.bool_(), "True when the paragraph is a bulleted item.", False),
        (
            "footnote_calls",
            pa.list_(pa.int32()),
            "Footnote numbers called in the paragraph.",
            False,
        ),
        (
            "measure_no",
            pa.int32(),
            "Measure the paragraph is part of (measures.measure_no); null for paragraphs outside "
            "any numbered measure (introductions, headings' text, closing remarks).",
        ),
        ("page_start", pa.int32(), PAGE_START.format(what="paragraph")),
        ("page_end", pa.int32(), PAGE_END.format(what="paragraph")),
        ("label_start", pa.string(), LABEL_START),
        ("label_end", pa.string(), LABEL_END),
    ],
    primary_key=["edition", "paragraph_no"],
    foreign_keys={"headings": same("edition", "heading_id")},
)

MEASURES = declare(
    "measures",
    "One row per numbered measure <N> of the specific-measures sections.",
    [
        EDITION,
        ("measure_no", pa.int32(), "The measure's number N from its tag '<N>'.", False),
        (
            "key_point",
            pa.int32(),
            "Key point (1-4) whose section holds the measure; null outside numbered key points.",
        ),
        (
            "subsection",
            pa.string(),
            "Letter of the '(3) Specific measures' subsection ('a'); null outside one.",
        ),
        (
            "subsection_title",
            pa.string(),
            "Title of that letter subsection, without the letter; null outside one.",
        ),
        ("theme", pa.string(), "Parenthesised theme line the measure sits under, or null."),
        (
            "text",
            pa.string(),
            "Full text: all its paragraphs joined by a blank line, without "
            "bullets, footnote calls and the trailing '[ministries] <N> (Re: …)'.",
            False,
        ),
        (
            "ministries",
            pa.list_(pa.string()),
            "Canonical names of the responsible ministries "
            "and agencies, in printed order (see schemas/ministries.json).",
            False,
        ),
        (
            "ministries_raw",
            pa.string(),
            "Text inside the trailing brackets, as printed; null when no brackets precede the tag.",
        ),
        ("refs_raw", pa.string(), "The '(Re: …)' note as printed, or null."),
        ("page_start", pa.int32(), PAGE_START.format(what="measure")),
        ("page_end", pa.int32(), PAGE_END.format(what="measure (its tag)")),
        ("label_start", pa.string(), LABEL_START),
        ("label_end", pa.string(), LABEL_END),
        boxes_column(),
    ],
    primary_key=["edition", "measure_no"],
)

FOOTNOTES = declare(
    "footnotes",
    "One row per footnote of the body.",
    [
        EDITION,
        ("footnote_no", pa.int32(), "Footnote number.", False),
        ("text", pa.string(), "Footnote text; bulleted parts separated by a blank line.", False),
        ("page", pa.int32(), "Physical page where the footnote text starts. " + PAGE),
        ("label", pa.string(), LABEL),
        (
            "call_page",
            pa.int32(),
            "Physical page of the first call of the footnote in the text; "
            "null when it is never called or the source has no pages (every call: footnote_calls).",
        ),
        (
            "called",
            pa.bool_(),
            "True when the footnote number is called somewhere in the body text.",
            False,
        ),
        boxes_column(),
    ],
    primary_key=["edition", "footnote_no"],
)

TOC = declare(
    "toc",
    "One row per table-of-contents entry, with the heading it points at.",
    [
        EDITION,
        ("entry_no", pa.int32(), "1-based position in the table of contents.", False),
        ("text", pa.string(), "Entry text without dot leader and page number.", False),
        (
            "label",
            pa.string(),
            "Page label printed in the entry (the label of the page it points to); null if none.",
        ),
        ("heading_id", pa.string(), "Matched heading; null when no heading has this text."),
        ("page", pa.int32(), "Physical page of the table of contents holding the entry. " + PAGE),
    ],
    primary_key=["edition", "entry_no"],
    foreign_keys={"headings": same("edition", "heading_id")},
)
