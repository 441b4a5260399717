"""``tickerlens serve`` as a user runs it: a real process on a free loopback port."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
from click.testing import CliRunner
from serve_data import Store, free_port

from tickerlens.cli import cli
from tickerlens.store.db import connect


def test_help_names_the_options() -> None:
    out = CliRunner().invoke(cli, ["serve", "--help"]).output
    for option in ("--db", "--host", "--port", "--token", "--closed-reads"):
        assert option in out


def test_serves_pages_and_takes_writes_with_the_token(store_copy: Store) -> None:
    sock = free_port()
    port = sock.getsockname()[1]
    sock.close()
    cmd = [
        sys.executable,
        "-c",
        "from tickerlens.cli import main; main()",
        "serve",
        "--db",
        str(store_copy.path),
        "--port",
        str(port),
        "--token",
        "s3cret",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not answer within 120 s"
            time.sleep(0.3)
        assert "Nvidia slides" in httpx.get(base).text
        story = {"text": "Apple raised its dividend by 4%.", "published": "2025-05-01"}
        assert httpx.post(f"{base}/articles", json=story, timeout=60).status_code == 401
        stored = httpx.post(
            f"{base}/articles", json=story, headers={"Authorization": "Bearer s3cret"}, timeout=60
        )
        assert stored.status_code == 201
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    # uvicorn shuts down gracefully on SIGTERM, then re-raises it: -15 is a clean stop
    assert proc.returncode in (0, -15), err.decode()
    assert f"serving {store_copy.path} on http://127.0.0.1:{port}" in err.decode()
    con = connect(store_copy.path, read_only=True)  # the file is released and holds the new story
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 5
    finally:
        con.close()
