"""Content-addressed cache of stage outputs under `<out>/.cache/`.

A stage's key is the hash of (input sha256, reader, the stage's name, the stage's code version,
the previous stage's key): a re-run on the same input finds the last stage's result and skips
straight to writing; a change to one stage's code changes its key and every later key, so only
it and the stages after it are recomputed. The keys chain in `STAGES` order, which is the order
of the stages' inputs: layout takes the read document, structure and tables take the layout's
`LayoutDocument` (tables also the structure's attachment page), link takes all of them.

The code version of a stage is not a number someone must remember to bump: it is the hash of
the source of the stage's modules and of every project module they import (transitively), of
the data files under schemas/ when any schemas module is among them, and, for the reader, of
the versions of the PDF libraries. Entries are pickles written atomically (temp file + rename),
so a killed run never leaves a half-written entry; a file that does not unpickle is a miss.
The cache holds one entry per (input, stage): storing a new one removes the superseded one.
"""

from __future__ import annotations

import ast
import hashlib
import os
import pickle
import tempfile
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("extract", "schemas", "pipelines")
CACHE_DIR = ".cache"
STAGES = ("read", "layout", "structure", "tables", "link")
STAGE_MODULES = {
    "read": ("extract.reader", "extract.pdfium_reader", "extract.repair"),
    "layout": ("extract.layout",),
    "structure": ("extract.structure",),
    "tables": ("extract.tables",),
    "link": ("extract.link", "extract.cover", "pipelines.rows"),
}
READER_LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2")


def _module_file(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path) -> set[str]:
    """Project modules that `path` imports (`from pkg import mod` counts mod when it is one)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in PACKAGES and _module_file(name)}


def _closure(modules: tuple[str, ...]) -> list[Path]:
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # parent packages run too
        path = _module_file(name)
        if path is not None:
            todo.extend(_imports(path))
    return sorted({p for p in map(_module_file, seen) if p is not None})


@cache
def stage_version(stage: str) -> str:
    """Hash of everything the stage's result depends on besides its input."""
    digest = hashlib.sha256(stage.encode())
    files = _closure(STAGE_MODULES[stage])
    if any(p.parent.name == "schemas" for p in files):
        files += sorted(p for p in (ROOT / "schemas").iterdir() if p.suffix != ".py")
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    if stage == "read":
        for lib in READER_LIBRARIES:
            try:
                digest.update(f"{lib}=={version(lib)}".encode())
            except PackageNotFoundError:
                digest.update(lib.encode())
    return digest.hexdigest()


def stage_keys(input_sha256: str, reader: str, extra: str = "") -> dict[str, str]:
    """The key of every stage; `extra` (options that change the rows) enters the last one."""
    keys: dict[str, str] = {}
    previous = f"{input_sha256}|{reader}"
    for stage in STAGES:
        salt = extra if stage == STAGES[-1] else ""
        text = f"{previous}|{stage}|{stage_version(stage)}|{salt}"
        previous = keys[stage] = hashlib.sha256(text.encode()).hexdigest()
    return keys


class StageCache:
    """Pickled stage outputs in one folder, named `<input sha256 prefix>-<stage>-<key>.pkl`.

    With `deferred`, entries are kept in memory until `commit()`: the CLI commits only once
    every input has been extracted, so a run that fails on a bad input leaves `--out`,
    cache included, exactly as it was.
    """

    def __init__(self, folder: Path, deferred: bool = False) -> None:
        self.folder = Path(folder)
        self.deferred = deferred
        self.pending: dict[tuple[str, str, str], bytes] = {}

    def _path(self, input_sha256: str, stage: str, key: str) -> Path:
        return self.folder / f"{input_sha256[:16]}-{stage}-{key[:32]}.pkl"

    def load(self, input_sha256: str, stage: str, key: str) -> object | None:
        if (input_sha256, stage, key) in self.pending:
            return pickle.loads(self.pending[input_sha256, stage, key])
        path = self._path(input_sha256, stage, key)
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except FileNotFoundError:
            return None
        except Exception:  # a damaged or incompatible entry is a miss, never an error
            path.unlink(missing_ok=True)
            return None

    def store(self, input_sha256: str, stage: str, key: str, value: object) -> None:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if self.deferred:
            self.pending[input_sha256, stage, key] = data
        else:
            self._write(input_sha256, stage, key, data)

    def commit(self) -> None:
        """Write the entries kept back by a deferred cache."""
        for (input_sha256, stage, key), data in self.pending.items():
            self._write(input_sha256, stage, key, data)
        self.pending.clear()

    def _write(self, input_sha256: str, stage: str, key: str, data: bytes) -> None:
        """Write atomically, then drop older entries of the same input and stage."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._path(input_sha256, stage, key)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pkl")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in self.folder.glob(f"{input_sha256[:16]}-{stage}-*.pkl"):
            if old != target:
                old.unlink(missing_ok=True)
