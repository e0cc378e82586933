"""notebooks/explore.ipynb runs on the fixture outputs (so it cannot rot) and is committed
with the outputs of such a run."""

from __future__ import annotations

import nbformat
import pytest

from pipelines.notebook import NOTEBOOK, execute


def _outputs(nb, kind: str) -> list:
    return [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if kind in o.get("data", {})
    ]


@pytest.mark.slow
def test_notebook_executes_on_the_fixture_outputs(fixture_out):
    nb = execute(fixture_out)
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors
    assert len(_outputs(nb, "image/png")) >= 2
    text = "\n".join(
        o.get("text", "") + o.get("data", {}).get("text/plain", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert "fy2022" in text and "fy2023" in text and "fy2024" in text
    assert "FY2025:" in text  # next fiscal year after the fy2024 edition's revision date
    assert "state a numeric target" in text


def test_committed_notebook_has_its_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs for c in code)
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert len(_outputs(nb, "image/png")) >= 2
    assert not any(o.output_type == "error" for c in code for o in c.outputs)
