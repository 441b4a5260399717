"""The manifest of an output folder: which inputs are done, with what, into which files.

It is what makes a run resumable. An input is done when the manifest lists it with the
content hash it has now; a rerun skips it. The manifest is rewritten whole (to a temp
name, then renamed) after inputs are committed, never before, so it never lists an input
whose files are not all in place; to keep a run of many thousand inputs from rewriting
it thousands of times it is saved at most every few seconds and at the end (a crash
costs at most those seconds of work again: a redone input replaces its own files). It
also records the config fingerprint: a rerun with other options into the same folder
would mix rows computed two ways, so it is refused. ``folder_lock`` keeps two runs from
writing into one folder at once.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tickerlens.errors import ManifestError
from tickerlens.scale.inputs import InputFile
from tickerlens.scale.layout import DEAD_LETTERS, MANIFEST, STAGING, SUMMARY, TABLES, atomic_write_text

__all__ = ["FORMAT", "InputRecord", "Manifest", "clear", "folder_lock"]

FORMAT = "tickerlens-batch/1"
LOCK = "_lock"
_OURS = {*TABLES, "returns", MANIFEST, DEAD_LETTERS, SUMMARY, STAGING, LOCK}
_SAVE_EVERY_S = 2.0


@dataclass(slots=True)
class InputRecord:
    sha256: str
    size: int
    key: str
    records: int
    analysed: int
    failed: int
    outputs: list[str] = field(default_factory=list)  # relative to the output folder
    completed: str = ""  # ISO time


@dataclass(slots=True)
class Manifest:
    out: Path
    config: dict[str, Any]
    inputs: dict[str, InputRecord] = field(default_factory=dict)
    _saved: float = 0.0

    @classmethod
    def open(cls, out: Path, fingerprint: dict[str, Any], fresh: bool = False) -> Manifest:
        """The manifest of ``out`` (a new one when there is none), checked against the
        run's config. ``fresh`` deletes what an earlier run wrote there first."""
        _check_folder(out)
        if fresh:
            clear(out)
        path = out / MANIFEST
        if not path.exists():
            return cls(out, fingerprint)
        data = _read(path)
        if data.get("config") != fingerprint:
            raise ManifestError(
                str(out),
                f"was written with other options ({_difference(data.get('config') or {}, fingerprint)}); "
                "rerun with the same options, use another --out folder, or add --fresh to start over",
            )
        inputs = {p: InputRecord(**rec) for p, rec in (data.get("inputs") or {}).items()}
        return cls(out, fingerprint, inputs)

    def done(self, item: InputFile) -> bool:
        rec = self.inputs.get(item.path)
        return rec is not None and rec.sha256 == item.sha256

    def record(self, path: str, rec: InputRecord) -> None:
        """Note ``path`` as done (its files are in place); saved now or within seconds."""
        self.inputs[path] = rec
        if time.monotonic() - self._saved >= _SAVE_EVERY_S:
            self.save()

    def save(self) -> None:
        data = {
            "format": FORMAT,
            "config": self.config,
            "inputs": {p: asdict(r) for p, r in sorted(self.inputs.items())},
        }
        atomic_write_text(self.out / MANIFEST, json.dumps(data, indent=1, ensure_ascii=False))
        self._saved = time.monotonic()


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problem = f"cannot be read ({exc}); add --fresh to start the folder over"
        raise ManifestError(str(path), problem) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ManifestError(str(path), f"is not a {FORMAT} manifest; use another --out folder")
    return data


def _difference(old: dict[str, Any], new: dict[str, Any]) -> str:
    keys = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    return ", ".join(f"{k}: {old.get(k)!r} then, {new.get(k)!r} now" for k in keys[:3])


def _check_folder(out: Path) -> None:
    """Refuse a folder that holds other things: writing there (or --fresh) could lose them."""
    if out.exists() and not out.is_dir():
        raise ManifestError(str(out), "is a file; --out takes a folder")
    if not out.exists() or (out / MANIFEST).exists():
        return
    foreign = sorted(p.name for p in out.iterdir() if p.name not in _OURS and not p.name.startswith("."))
    if foreign:
        raise ManifestError(
            str(out),
            f"is not empty and not a batch output (it holds {foreign[:3]}); give an empty or new folder",
        )


def clear(out: Path) -> None:
    """Delete what batch runs wrote into ``out`` (and nothing else)."""
    for name in sorted(_OURS - {LOCK}):
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


@contextmanager
def folder_lock(out: Path) -> Iterator[None]:
    """Hold ``out`` for this run; a lock left by a run that died is taken over."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                pid = int(path.read_text().strip() or 0)
            except (OSError, ValueError):
                pid = 0
            if pid and _alive(pid):
                problem = f"batch run {pid} is writing into it; wait for it to end or use another --out"
                raise ManifestError(str(out), problem) from None
            path.unlink(missing_ok=True)  # its run died
            continue
        with os.fdopen(fd, "w") as fh:
            fh.write(str(os.getpid()))
        break
    else:
        raise ManifestError(str(out), "another batch run took it just now; wait for it or use another --out")
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
