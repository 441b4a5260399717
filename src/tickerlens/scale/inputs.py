"""The input files of a batch run: globs and folders expanded, each file hashed.

A file is the unit of resumption: the manifest records it as done with its content
hash, so a rerun skips it unless its content changed. Paths are absolute, so the same
file reached through another relative path is still the same input.
"""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tickerlens.errors import InputError
from tickerlens.ingest.sources import expand
from tickerlens.scale.layout import input_key

__all__ = ["InputFile", "expand_inputs", "hash_file"]

_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str  # absolute
    sha256: str
    size: int

    @property
    def key(self) -> str:
        return input_key(self.path)


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _matches(pattern: str) -> list[Path]:
    path = Path(pattern)
    if path.is_dir():
        return [Path(p) for p in expand([path]) if isinstance(p, str | Path)]
    if path.is_file():
        return [path]
    if glob.has_magic(pattern):
        found = [Path(p) for p in sorted(glob.glob(pattern, recursive=True))]
        return [p for f in found for p in (_matches(str(f)) if f.is_dir() else [f])]
    raise InputError(pattern, "does not exist; give files, folders or a quoted glob like 'corpus/*.jsonl'")


def expand_inputs(patterns: Sequence[str | Path], exclude: Path | None = None) -> list[InputFile]:
    """Every file the patterns name, once each, sorted, hashed; files under ``exclude``
    (the output folder) are left out so a broad glob never reads its own output."""
    seen: dict[str, Path] = {}
    for pattern in patterns:
        for path in _matches(str(pattern)):
            resolved = path.resolve()
            if exclude is not None and resolved.is_relative_to(exclude.resolve()):
                continue
            seen.setdefault(str(resolved), resolved)
    if not seen:
        raise InputError(", ".join(map(str, patterns)), "matches no file; check the glob and quote it")
    return [_describe(seen[name]) for name in sorted(seen)]


def _describe(path: Path) -> InputFile:
    return InputFile(str(path), hash_file(path), path.stat().st_size)
