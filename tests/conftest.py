"""Shared fixtures. ``shared_dir`` is the ../shared folder beside the repository (CI lays
it there); tests that read it skip with a reason when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip(f"shared data not found at {SHARED}: these tests read real data from ../shared")
    return SHARED


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep test runs from reading or writing the user's cache and universe imports."""
    import os

    os.environ.setdefault("TICKERLENS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
