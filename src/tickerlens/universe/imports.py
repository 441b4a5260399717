"""Storing imported listing files where the universe loader finds them.

The import is written whole to a temporary file and renamed into place, so an
interrupted import never leaves a half file that the next run would load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tickerlens.universe.importers import read_listing_file
from tickerlens.universe.load import company_from_record
from tickerlens.universe.master import user_universe_dir

__all__ = ["ImportResult", "import_listing_file"]


@dataclass(frozen=True, slots=True)
class ImportResult:
    layout: str
    companies: int
    target: Path


def import_listing_file(path: Path, target_dir: Path | None = None) -> ImportResult:
    layout, records = read_listing_file(path)
    for n, rec in enumerate(records, 1):  # validate every record before writing anything
        company_from_record(rec, f"{path.name}:{n}", source=f"import:{layout}")
    target_dir = target_dir or user_universe_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{layout}-{path.stem}.jsonl"
    tmp = target.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for rec in records:
            rec["source"] = f"import:{layout}"
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    tmp.replace(target)
    return ImportResult(layout, len(records), target)
