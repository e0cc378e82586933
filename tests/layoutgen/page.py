"""Page model of a generated document: drawing operations in top-down coordinates of the page as
displayed, text runs and word wrapping. Nothing here knows about roadmap content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tests.layoutgen.fonts import width


@dataclass(frozen=True)
class Run:
    """Characters in one font; `rise` lifts superscripts above the baseline."""

    text: str
    font: str
    size: float
    rise: float = 0.0
    call: int | None = None  # footnote number this run calls
    mark: str | None = None  # e.g. "tag": the run is a measure's own tag <N>
    pad: float = 0.0  # extra advance after the run (a gap inside a word split in two)

    @property
    def width(self) -> float:
        return width(self.text, self.font, self.size) + self.pad


Word = tuple[Run, ...]  # runs printed without a space between them ("Japan" + superscript "1")


@dataclass
class Page:
    width: float
    height: float
    rotated: bool = False  # drawn on portrait media with /Rotate 90
    label: str | None = None
    ops: list[tuple] = field(default_factory=list)

    def text(self, x: float, top: float, runs: Word | list[Run], size: float) -> None:
        """Runs left to right from x; `top` is the top of the line box of text size `size`."""
        self.ops.append(("text", x, top + 0.8 * size, tuple(runs)))

    def line(self, x0, y0, x1, y1, lw=0.6, dash=None, color=(0, 0, 0)) -> None:
        self.ops.append(("line", x0, y0, x1, y1, lw, dash, color))

    def rect(self, x, y, w, h, stroke=True, fill=None, lw=0.6, dash=None) -> None:
        self.ops.append(("rect", x, y, w, h, stroke, fill, lw, dash))

    def dot(self, x: float, y: float, r: float) -> None:
        """A filled disc (a bullet drawn as a graphic rather than a glyph)."""
        self.ops.append(("dot", x, y, r))

    def poly(self, points, stroke=True, fill=None, lw=0.6) -> None:
        self.ops.append(("poly", tuple(points), stroke, fill, lw))


def words_of(text: str, font: str, size: float) -> list[Word]:
    return [(Run(w, font, size),) for w in text.split()]


def word_width(word: Word) -> float:
    return sum(r.width for r in word)


def _hyphen_split(word: Word, room: float) -> tuple[Word, Word] | None:
    """Break a one-run word after a hyphen so that the head fits in `room`."""
    if len(word) != 1:
        return None
    run = word[0]
    cuts = [m.end() for m in re.finditer(r"-(?=\w)", run.text)]
    for cut in reversed(cuts):
        head = Run(run.text[:cut], run.font, run.size, run.rise)
        if head.width <= room:
            return (head,), (Run(run.text[cut:], run.font, run.size, run.rise),)
    return None


def wrap(
    words: list[Word], first: float, rest: float | None = None, hyphens: bool = False
) -> list[list[Word]]:
    """Greedy line breaking at spaces (and after hyphens with `hyphens`): the first line is
    `first` wide, the others `rest` wide. A word wider than a whole line gets a line of its own.
    """
    rest = first if rest is None else rest
    lines: list[list[Word]] = [[]]
    used = 0.0
    queue = list(words)
    while queue:
        word = queue.pop(0)
        room = first if len(lines) == 1 else rest
        space = width(" ", word[0].font, word[0].size)
        need = word_width(word) + (space if lines[-1] else 0.0)
        if used + need <= room + 0.01 or (not lines[-1] and not hyphens):
            lines[-1].append(word)
            used += need
            continue
        if hyphens:
            split = _hyphen_split(word, room - used - (space if lines[-1] else 0.0))
            if split:
                lines[-1].append(split[0])
                lines.append([])
                used = 0.0
                queue.insert(0, split[1])
                continue
            if not lines[-1]:
                lines[-1].append(word)
                used += need
                continue
        lines.append([word])
        used = word_width(word)
    return [line for line in lines if line]


def line_runs(line: list[Word]) -> list[Run]:
    """The runs of a wrapped line with single spaces between its words."""
    runs: list[Run] = []
    for i, word in enumerate(line):
        if i:
            runs.append(Run(" ", word[0].font, word[0].size))
        runs.extend(word)
    return runs


def runs_width(runs: list[Run]) -> float:
    return sum(r.width for r in runs)


SPLIT_GAP = 1.6  # points: just over the 1.5 pt at which text extractors start a new word
SPLIT_SHARE = 0.64  # ... and at most this share of a space of the font, or no split is drawn
SPLIT_WORD = re.compile(r"^[a-z]{7,}$")


def split_words(pages: list[Page], rng, share: float = 0.15) -> list[tuple[str, str]]:
    """Draw a word of some lines in two pieces with a gap narrower than a space ("Developm"
    + "ent"), as producers that position text in chunks do; returns the (head, tail) pairs.

    Only lines with at least four words are touched (so that the line's spaces show what a
    space is), one word per line, and only where the font's space is wide enough for a gap
    that splits the word for an extractor yet stays clearly narrower than a space.
    """
    done: list[tuple[str, str]] = []
    for page in pages:
        for i, op in enumerate(page.ops):
            if op[0] != "text":
                continue
            runs = list(op[3])
            words = [k for k, r in enumerate(runs) if r.text.strip()]
            candidates = [k for k in words if SPLIT_WORD.match(runs[k].text) and not runs[k].rise]
            if len(words) < 4 or not candidates or rng.random() > share:
                continue
            k = rng.choice(candidates)
            run = runs[k]
            if SPLIT_GAP > SPLIT_SHARE * width(" ", run.font, run.size):
                continue
            cut = len(run.text) // 2
            head = Run(run.text[:cut], run.font, run.size, pad=SPLIT_GAP)
            runs[k : k + 1] = [head, Run(run.text[cut:], run.font, run.size)]
            page.ops[i] = (*op[:3], tuple(runs))
            done.append((head.text, run.text[cut:]))
    return done
