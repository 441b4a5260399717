"""Load test of the server on loopback: requests per second and p50/p99 latency with 50
concurrent clients, for stored story pages (with and without the page cache), the
company page, the JSON story, ``POST /analyze``, against ``GET /health`` measured in
the same run as the baseline.

The server is the real one, ``tickerlens serve`` in its own process, over a store filled
here: real stories from ../shared/data when it is there (else the test suite's own
examples), analyzed by the real pipeline. The client is an asyncio httpx pool in this
process. Every scenario is bounded in requests and seconds and stops by itself; only
127.0.0.1 is ever contacted.

    python -m benchmarks.bench_serve [--quick]
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import REPO, fmt_table, shared_data

CLIENTS = 50
ANALYZE_TEXT = (
    "Nvidia shares fell 5% after the company said new export rules would cost it $5.5 billion. "
    "AMD also slipped, while TSMC said demand for AI chips remained strong. Apple was little changed."
)


def _stories(limit: int) -> list[dict[str, str]]:
    """Real news from ../shared/data when present, else the test suite's own stories."""
    data = shared_data()
    if data is not None:
        csv.field_size_limit(sys.maxsize)
        with (data / "news" / "nvda_news_2025.csv").open(encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh, delimiter=";") if r.get("Full Text")]
        return [
            {
                "text": r["Full Text"][:20_000],
                "title": r.get("Title") or "",
                "published": r.get("Date and Timestamp") or "",
            }
            for r in rows[:limit]
        ]
    sys.path.insert(0, str(REPO / "tests" / "serve"))
    from serve_data import STORIES

    return list(STORIES.values())


def build_store(path: Path, limit: int) -> list[str]:
    """Analyze and store the stories (prices from the test data so the company page has a
    chart); returns the stored article ids."""
    sys.path.insert(0, str(REPO / "tests" / "serve"))
    from serve_data import fill_store  # the test store: prices and four stories

    from tickerlens.errors import InputError
    from tickerlens.linking.linker import get_linker
    from tickerlens.serve.intake import Submission, analyze_submission
    from tickerlens.settings import get_settings
    from tickerlens.store.db import connect
    from tickerlens.store.links import save_analyses

    settings = get_settings(db=path)
    linker = get_linker()
    ids = list(fill_store(path, linker, settings).values())
    con = connect(path)
    try:
        for story in _stories(limit):
            sub = Submission(
                text=story["text"], title=story["title"] or None, published=story["published"] or None
            )
            try:
                analysis = analyze_submission(sub, settings, linker, con)
            except InputError:
                continue
            save_analyses(con, [analysis], linker.universe)
            ids.append(analysis.article.id)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return list(dict.fromkeys(ids))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``tickerlens serve`` in a child process, stopped on exit."""

    def __init__(self, db: Path, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [
            sys.executable,
            "-c",
            "from tickerlens.cli import main; main()",
            "serve",
            "--db",
            str(db),
            "--port",
            str(self.port),
        ]
        self.proc = subprocess.Popen(
            cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"server exited: {self.proc.stderr.read().decode() if self.proc.stderr else ''}"
                )
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("server did not start in 120 s")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


async def _load(
    url: str, make: Callable[[int], httpx.Request | tuple[str, str, Any]], total: int, seconds: float
) -> dict[str, float]:
    """``total`` requests (at most ``seconds``) from CLIENTS concurrent clients."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    stop_at = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            for i in counter:
                if time.perf_counter() > stop_at:
                    return
                method, path, body = make(i)  # type: ignore[misc]
                t0 = time.perf_counter()
                r = await client.request(method, path, json=body)
                latencies.append(time.perf_counter() - t0)
                errors += r.status_code >= 400

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
        wall = time.perf_counter() - t0
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / wall,
        "p50_ms": q[49] * 1000,
        "p99_ms": q[98] * 1000,
    }


_LUA = """
local requests = {REQUESTS}
local limit, sent, done = {LIMIT}, 0, 0
request = function()
  sent = sent + 1
  local r = requests[(sent - 1) % #requests + 1]
  return wrk.format(r[1], r[2], {["Content-Type"] = "application/json"}, r[3])
end
response = function(status, headers, body)
  done = done + 1
  if done >= limit then wrk.thread:stop() end
end
"""


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def _wrk(url: str, make: Callable[[int], Any], total: int, seconds: float) -> dict[str, float]:
    """The same load with wrk (C, one thread), so the client takes less of the two cores.
    wrk runs for ``seconds``; ``total`` is a safety cap on the count (a thread that reaches
    it stops, and the rate is then computed over the whole duration, so it is set high)."""
    reqs = []
    for i in range(min(total, 500)):
        method, path, body = make(i)
        reqs.append(
            "{"
            + ", ".join(
                [
                    _lua_string(method),
                    _lua_string(path),
                    _lua_string(json.dumps(body)) if body is not None else "nil",
                ]
            )
            + "}"
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(_LUA.replace("{REQUESTS}", "{" + ",\n".join(reqs) + "}").replace("{LIMIT}", str(total)))
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{CLIENTS}",
                f"-d{int(seconds)}s",
                "--latency",
                "--timeout",
                "30s",
                "-s",
                fh.name,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(fh.name)

    def ms(label: str) -> float:
        value = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert value, out
        return float(value[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[value[2]]

    done = int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests": done,
        "errors": int(bad[1]) if bad else 0,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),  # type: ignore[index]
        "p50_ms": ms("50%"),
        "p99_ms": ms("99%"),
    }


def _scenario(
    url: str, make: Callable[[int], Any], total: int, seconds: float, warm: int = 0
) -> dict[str, float]:
    """Warm up (first analyses, page cache), then measure; with wrk when it is installed."""
    if warm:
        asyncio.run(_load(url, make, warm, seconds))
    if shutil.which("wrk"):
        return _wrk(url, make, 50_000, seconds)
    return asyncio.run(_load(url, make, total, seconds))


def run(quick: bool = False) -> dict[str, Any]:
    # the httpx client stops at the count or the time; wrk runs for the time, capped at 50,000
    n_pages, n_analyze, limit_s = (600, 200, 8.0) if quick else (2000, 600, 20.0)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        ids = build_store(db, 60 if quick else 300)
        print(
            f"\nserve: store of {len(ids)} stories built in {time.perf_counter() - t0:.0f} s; "
            f"{CLIENTS} concurrent clients, at most {n_pages} requests or {limit_s:.0f} s per scenario"
        )
        env = {"TICKERLENS_CACHE_DIR": os.environ.get("TICKERLENS_CACHE_DIR", str(Path(tmp) / "cache"))}
        res: dict[str, dict[str, float]] = {}
        story = lambda i: ("GET", f"/story/{ids[i % len(ids)]}", None)  # noqa: E731
        with Server(db, {**env, "TICKERLENS_PAGE_CACHE": "0"}) as srv:
            res["health (baseline)"] = _scenario(
                srv.url, lambda i: ("GET", "/health", None), n_pages, limit_s, 200
            )
            res["story page, no cache"] = _scenario(srv.url, story, n_pages, limit_s, len(ids))
            res["story JSON (GET /articles/{id})"] = _scenario(
                srv.url, lambda i: ("GET", f"/articles/{ids[i % len(ids)]}", None), n_pages, limit_s, 100
            )
            res["POST /analyze"] = _scenario(
                srv.url,
                lambda i: ("POST", "/analyze", {"text": f"{ANALYZE_TEXT} ({i})", "published": "2025-04-16"}),
                n_analyze,
                limit_s,
                50,
            )
        with Server(db, env) as srv:
            res["story page, cached"] = _scenario(srv.url, story, n_pages, limit_s, len(ids))
            res["company page, cached"] = _scenario(
                srv.url, lambda i: ("GET", "/company/nvidia", None), n_pages, limit_s, 50
            )
    base = res["health (baseline)"]
    rows = [
        (
            name,
            f"{r['requests']:.0f}",
            f"{r['errors']:.0f}",
            f"{r['rps']:.0f}",
            f"{r['p50_ms']:.1f}",
            f"{r['p99_ms']:.1f}",
            f"{r['rps'] / base['rps']:.2f}",
            f"{r['p99_ms'] / base['p99_ms']:.2f}",
        )
        for name, r in res.items()
    ]
    client = "wrk (1 thread)" if shutil.which("wrk") else "httpx asyncio"
    print(
        f"client: {client}; load average before the run: {load[0]:.2f} on 2 cores (other work skews numbers)"
    )
    print(
        fmt_table(
            rows,
            (
                "scenario",
                "requests",
                "errors",
                "req/s",
                "p50 ms",
                "p99 ms",
                "req/s vs health",
                "p99 vs health",
            ),
        )
    )
    for name in ("story page, cached", "story page, no cache"):
        verdict = "meets" if res[name]["p99_ms"] < 100 else "misses"
        print(f"{name}: p99 {res[name]['p99_ms']:.1f} ms {verdict} the 100 ms target")
    return {"stories": len(ids), "clients": CLIENTS, "load_average": load[0], **res}


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
