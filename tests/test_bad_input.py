"""Bad input: one line on stderr naming the file and the problem, exit 2, output untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipelines.cli import main
from tests.conftest import FIXTURES

BAD = FIXTURES / "bad"


def minimal_pdf(text: str) -> bytes:
    """A valid one-page PDF showing `text` in Helvetica (a document that is not the roadmap)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """An output folder that already holds earlier results, which must survive."""
    out = tmp_path / "output"
    (out / "measures").mkdir(parents=True)
    (out / "measures" / "fy2023.parquet").write_bytes(b"earlier result")
    (out / "notes.txt").write_text("keep me")
    return out


def other_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "invoice.pdf"
    path.write_bytes(minimal_pdf("Invoice 42: three apples, two pears."))
    return path


CASES = {
    "not-a-pdf.pdf": "not a PDF",
    "truncated.pdf": "truncated",
    "encrypted.pdf": "encrypted",
    "no-text.pdf": "no text layer",
}


@pytest.mark.parametrize(("name", "problem"), sorted(CASES.items()))
def test_bad_file_gives_one_line_and_leaves_output_alone(name, problem, out_dir, capsys):
    before = snapshot(out_dir)
    code = main(["extract", str(BAD / name), "--out", str(out_dir)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1, err
    assert name in err and problem in err
    assert "Traceback" not in err
    assert snapshot(out_dir) == before


def test_missing_path(out_dir, tmp_path, capsys):
    missing = tmp_path / "nope.pdf"
    assert main(["extract", str(missing), "--out", str(out_dir)]) == 2
    err = capsys.readouterr().err.strip()
    assert str(missing) in err and "no such file" in err


def test_a_pdf_that_is_not_the_roadmap(out_dir, tmp_path, capsys):
    before = snapshot(out_dir)
    pdf = other_pdf(tmp_path)
    assert main(["extract", str(pdf), "--out", str(out_dir)]) == 2
    err = capsys.readouterr().err.strip()
    assert "invoice.pdf" in err and "not a roadmap" in err
    assert snapshot(out_dir) == before


def test_one_bad_file_among_good_ones_writes_nothing(out_dir, tmp_path, capsys):
    """All-or-nothing: a failing input stops the run before any table is published."""
    before = snapshot(out_dir)
    code = main(
        ["extract", str(other_pdf(tmp_path)), str(BAD / "truncated.pdf"), "--out", str(out_dir)]
    )
    assert code == 2
    assert snapshot(out_dir) == before
