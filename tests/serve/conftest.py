"""Fixtures of the serve tests: the filled store (see serve_data), a writable copy of it
per test, and ``live_server``, the real app under uvicorn on a free loopback port."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_data import Store, fill_store, free_port

from tickerlens.linking.linker import Linker, get_linker
from tickerlens.settings import get_settings


@pytest.fixture(scope="session")
def linker() -> Linker:
    return get_linker()


@pytest.fixture(scope="session")
def filled_store(tmp_path_factory: pytest.TempPathFactory, linker: Linker) -> Store:
    path = tmp_path_factory.mktemp("serve") / "news.duckdb"
    ids = fill_store(path, linker, get_settings(db=path))
    return Store(path, ids)


@pytest.fixture
def store_copy(filled_store: Store, tmp_path: Path) -> Store:
    """A copy of the filled store that a test may write to."""
    target = tmp_path / "news.duckdb"
    shutil.copy(filled_store.path, target)
    return Store(target, filled_store.ids)


@pytest.fixture
def live_server(store_copy: Store, linker: Linker) -> Iterator[str]:
    """The real app under uvicorn on a free loopback port; yields its base URL."""
    import uvicorn

    from tickerlens.serve import create_app

    settings = get_settings(db=store_copy.path, api_token="test-token")
    app = create_app(settings, linker=linker, preload=True)
    sock = free_port()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    host, port = sock.getsockname()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
