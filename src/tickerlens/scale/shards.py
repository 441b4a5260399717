"""Reading an input file into shards: slices of records small enough to spread over
workers and large enough that shipping one costs little next to analysing it.

Reading is ingestion's own (``read_input``): the same readers, column detection, line
numbers and article identities as ``tickerlens ingest``. What it yields are Drafts, not
yet Articles: the costly part of turning a record into an Article (cleanup, language,
dates) runs in the workers, beside the analysis. Records the reader rejects become dead
letters here and travel with the shard they fall in, so the order of a file's failures
and its articles is the same on every engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tickerlens.errors import (
    BinaryInputError,
    ColumnMappingError,
    DecodeError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    MalformedRecordError,
    UnsupportedInputError,
)
from tickerlens.ingest.build import Draft
from tickerlens.ingest.sources import Failure, read_input
from tickerlens.scale.config import BatchConfig
from tickerlens.scale.inputs import InputFile

__all__ = ["DeadLetter", "Shard", "dead_letter", "read_shards", "reason_of"]

# Failure reasons by the error ingestion raised, most specific first.
_REASONS: tuple[tuple[type[InputError], str], ...] = (
    (MalformedRecordError, "malformed_record"),
    (ColumnMappingError, "no_text_column"),
    (EmptyInputError, "empty_input"),
    (BinaryInputError, "binary_input"),
    (DecodeError, "undecodable"),
    (InputTooLargeError, "too_large"),
    (UnsupportedInputError, "unsupported_input"),
)


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """One item that could not be analysed, and why. ``reason`` is a short code for
    counting; ``error`` is the message a person reads."""

    input: str  # the input file
    input_sha256: str
    source: str  # file:line, or the file when the whole input failed
    line: int | None
    reason: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "input_sha256": self.input_sha256,
            "source": self.source,
            "line": self.line,
            "reason": self.reason,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class Shard:
    input: InputFile
    index: int
    total: int
    drafts: tuple[Draft, ...] = ()
    dead: tuple[DeadLetter, ...] = ()  # records the reader rejected, in this slice of the file
    records: int = 0  # drafts + rejected records


@dataclass(slots=True)
class _Slice:
    drafts: list[Draft] = field(default_factory=list)
    dead: list[DeadLetter] = field(default_factory=list)


def reason_of(error: InputError) -> str:
    for kind, reason in _REASONS:
        if isinstance(error, kind):
            return reason
    return "unreadable_input"


def dead_letter(item: InputFile, source: str, line: int | None, reason: str, error: str) -> DeadLetter:
    return DeadLetter(item.path, item.sha256, source, line, reason, error)


def _from_failure(item: InputFile, failure: Failure) -> DeadLetter:
    line = failure.error.line if isinstance(failure.error, MalformedRecordError) else None
    return dead_letter(item, failure.source, line, reason_of(failure.error), str(failure.error))


def _slices(item: InputFile, config: BatchConfig) -> Iterator[_Slice]:
    size = config.articles_per_shard
    options = config.read.read_options(config.settings)
    current = _Slice()
    for got in read_input(Path(item.path), options):
        if isinstance(got, Failure):
            current.dead.append(_from_failure(item, got))
            continue
        current.drafts.append(got)
        if len(current.drafts) >= size:
            yield current
            current = _Slice()
    if current.drafts or current.dead:
        yield current


def read_shards(item: InputFile, config: BatchConfig) -> list[Shard]:
    """The shards of one input file, in file order; an input with nothing in it (or one
    that cannot be read at all) still gives one shard, so its failure is reported and
    the file is recorded as done."""
    slices = list(_slices(item, config)) or [_Slice()]
    return [
        Shard(item, i, len(slices), tuple(s.drafts), tuple(s.dead), len(s.drafts) + len(s.dead))
        for i, s in enumerate(slices)
    ]
