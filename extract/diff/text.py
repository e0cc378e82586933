"""Text comparison shared by every diff: format-blind keys, renumbering, similarity, redline.

Two texts are "the same" when their *keys* are equal. A key ignores what a layout or a
producer changes without changing meaning: Unicode compatibility forms, quote and dash styles,
bullet glyphs, letter case, and all whitespace (line breaks, double spaces, and the spaces a
PDF reader inserts inside a hyphenated or kerned word, "Japanese- Language", "Developm ent").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence

from rapidfuzz.distance import Indel

from extract.bullets import LINE_BULLETS_RE
from extract.whitespace import squash, unify_quotes

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−", "-"))
_SPACE = re.compile(r"\s+")
# A measure tag '<30>', or a list of them in one bracket as the schedule cells print '<55,56>'.
TAG = re.compile(r"[<＜〈]\s*(\d{1,4}(?:\s*[,、，]\s*\d{1,4})*)\s*[>＞〉]")
_WORD = re.compile(r"\w+|[^\w\s]")


def tidy(text: str | None) -> str:
    """Readable normal form: compatibility characters, quotes and dashes unified, no bullets,
    single spaces."""
    if not text:
        return ""
    text = unify_quotes(unicodedata.normalize("NFKC", str(text))).translate(_DASHES)
    return squash(LINE_BULLETS_RE.sub("", text))


def key(text: str | None) -> str:
    """Comparison key: `tidy`, case-folded, without any whitespace, so that layout and
    typography (line breaks, kerning spaces, small caps or title case) never make two texts
    differ."""
    return _SPACE.sub("", tidy(text)).casefold()


def renumber(text: str | None, mapping: Mapping[int, int]) -> str:
    """Replace every measure tag '<N>' by '<mapping[N]>'; tags without a counterpart become
    '<old N>' so they can never equal a new tag by accident."""
    if not text:
        return ""

    def one(number: int) -> str:
        new = mapping.get(number)
        return str(new) if new is not None else f"old {number}"

    def sub(match: re.Match[str]) -> str:
        numbers = re.findall(r"\d+", match.group(1))
        return "<" + ",".join(one(int(n)) for n in numbers) + ">"

    return TAG.sub(sub, str(text))


def mask_numbers(text: str | None) -> str:
    """Measure tags replaced by '<#>': used before any alignment is known."""
    return TAG.sub("<#>", text or "")


def words(text: str | None) -> list[str]:
    """Lower-cased word and punctuation tokens of the tidy text."""
    return _WORD.findall(tidy(text).lower())


def similarity(a: str | None, b: str | None) -> float:
    """Word-level similarity in [0, 1]: 1 - normalised insert/delete distance over tokens.

    Word tokens rather than characters, because unrelated English sentences share many
    characters ("the", "of", "-tion") but few words in order; this keeps unrelated texts low.
    """
    wa, wb = words(a), words(b)
    if not wa and not wb:
        return 1.0
    return float(Indel.normalized_similarity(wa, wb))


def word_diff(old: str | None, new: str | None) -> str:
    """Readable word-level redline: '[-deleted-]' and '{+inserted+}' inside the new text."""
    parts = []
    for op, text in _ops(old, new):
        if op == " ":
            parts.append(text)
        elif op == "-":
            parts.append(f"[-{text.strip()}-] ")
        else:
            parts.append(f"{{+{text.strip()}+}} ")
    return "".join(parts).strip()


def diff_ops(old: str | None, new: str | None) -> list[tuple[str, str]]:
    """Word-level edit script as (op, text) with op ' ', '-' or '+'; texts keep their spaces.

    Used for both the Parquet `text_diff` and the HTML redline, so they always agree.
    """
    return _ops(old, new)


def _ops(old: str | None, new: str | None) -> list[tuple[str, str]]:
    a, b = _tokens(tidy(old)), _tokens(tidy(new))
    matcher = difflib.SequenceMatcher(
        None, [t.strip().lower() for t in a], [t.strip().lower() for t in b], autojunk=False
    )
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append((" ", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            ops.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", "".join(b[j1:j2])))
    return ops


def _tokens(text: str) -> list[str]:
    """Words with their trailing space, so that joining tokens gives the text back."""
    return re.findall(r"\S+\s*", text)


def fy_span(fy_start: int, fy_end: int, half_start: str | None, half_end: str | None) -> str:
    """A fiscal-year span as printed in reports: 'FY2022', 'FY2022-FY2023 H1'."""
    start = f"FY{fy_start}" + (f" {half_start}" if half_start else "")
    end = f"FY{fy_end}" + (f" {half_end}" if half_end else "")
    return start if start == end else f"{start}-{end}"


def join_lines(parts: Sequence[str | None]) -> str:
    """Non-empty parts joined by newlines."""
    return "\n".join(p for p in parts if p)
