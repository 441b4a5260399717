"""Derived data kept between processes: the universe, the alias index, the lexicon's
word sets. Each is costly to derive and cheap to load, and each is keyed by a digest of
what it was derived from, so a file is either right or ignored."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["cached"]

T = TypeVar("T")


def cached(path: Path | None, build: Callable[[], T], valid: Callable[[Any], bool]) -> T:
    """The object pickled at ``path`` when the file is there, whole and ``valid``;
    otherwise ``build()``'s, written there for the next process.

    A missing, torn or stale file is built again; the file is written under a temporary
    name and renamed, so a reader never sees half of one; a read-only folder only costs
    the build next time. ``path`` None builds without keeping anything.
    """
    if path is not None and path.is_file():
        try:
            with path.open("rb") as fh:
                found = pickle.load(fh)
            if valid(found):
                return found
        except (
            OSError,
            pickle.UnpicklingError,
            EOFError,
            AttributeError,
            ImportError,
            IndexError,
            ValueError,
        ):
            pass  # built again below
    value = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            pass
    return value
