"""Execute `notebooks/explore.ipynb` on an output folder (what `make notebook` and the tests do).

python -m pipelines.notebook --out output          # executes and saves it with its outputs
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def execute(out: Path, notebook: Path = NOTEBOOK, timeout: int = 300):
    """The executed notebook (nbformat node); raises on the first failing cell."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    previous = os.environ.get("ROADMAP_OUTPUT")
    os.environ["ROADMAP_OUTPUT"] = str(Path(out).resolve())
    try:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(notebook.parent)}},
        )
        client.execute()
    finally:
        if previous is None:
            os.environ.pop("ROADMAP_OUTPUT", None)
        else:
            os.environ["ROADMAP_OUTPUT"] = previous
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("output"))
    args = parser.parse_args(argv)
    import nbformat

    nbformat.write(execute(args.out), NOTEBOOK)
    print(f"executed {NOTEBOOK} on {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
