"""Test data for the serve tests: our own short stories (written for these tests), a few
hundred made-up daily closes, and ``fill_store``, which runs the stories through the real
pipeline (ingest, linker, signals, tracking against the prices in the store) into a
DuckDB file. Imported by the fixtures in conftest.py and by the benchmark."""

from __future__ import annotations

import math
import socket
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from tickerlens.analysis import AnalyzeOptions, analyze_article
from tickerlens.linking.linker import Linker
from tickerlens.market.calendars import sessions_for
from tickerlens.serve.intake import Submission, to_article
from tickerlens.serve.tracking import StorePriceProvider
from tickerlens.settings import Settings
from tickerlens.store.db import connect
from tickerlens.store.links import save_analyses
from tickerlens.store.prices import upsert_frame

# Our own example stories (written for these tests), English and Chinese.
STORIES: dict[str, dict[str, str]] = {
    "nvidia": {
        "title": "Nvidia slides as new export rules hit its China chip sales",
        "published": "2025-04-16T13:30:00+00:00",
        "text": (
            "Nvidia shares fell sharply on Wednesday after the company said new U.S. export rules "
            "would cost it about $5.5 billion in the current quarter.\n\n"
            "The chipmaker, led by Jensen Huang, now needs a licence to ship its H20 processor to "
            "China. Rival AMD warned of a charge of up to $800 million for the same reason.\n\n"
            "Analysts said demand for AI servers remains strong, and TSMC is expected to report a "
            "higher first-quarter profit on Thursday."
        ),
    },
    "tsmc": {
        "title": "TSMC profit jumps as AI chip orders stay strong",
        "published": "2025-04-17T07:00:00+00:00",
        "text": (
            "TSMC reported a steep rise in first-quarter net profit on Thursday, beating estimates, "
            "as orders for AI processors kept its most advanced factories busy.\n\n"
            "The world's largest contract chipmaker counts Nvidia and Apple among its biggest "
            "customers. Its chief executive said tariffs had not yet changed customer behaviour."
        ),
    },
    "tencent": {
        "title": "腾讯控股一季度营收增长13%",
        "published": "2025-05-14T18:00:00+08:00",
        "text": (
            "腾讯控股周三公布第一季度业绩，营收同比增长13%，游戏和广告业务表现强劲。\n\n"
            "公司表示将继续加大人工智能投入。阿里巴巴股价当日小幅上涨。"
        ),
    },
    "hostile": {
        "title": "Tesla <script>alert('owned')</script> recall widens",
        "published": "2025-03-20",
        "text": (
            "Tesla said it would recall more vehicles over a loose exterior panel. "
            "<img src=x onerror=alert(1)> The recall covers cars built over two years.\n\n"
            "Tesla shares were little changed in early trading."
        ),
    },
}


@dataclass(frozen=True, slots=True)
class Store:
    path: Path
    ids: dict[str, str]  # story key -> article id


def closes() -> pd.DataFrame:
    """Made-up closes on real NYSE sessions: a benchmark drifting up with a weekly wave,
    and NVDA moving with it at beta 1.5 plus its own wave; NVDA drops 7% on 2025-04-16."""
    all_days = sessions_for("XNYS").days  # the real NYSE calendar
    days = all_days[(all_days >= pd.Timestamp("2024-01-02")) & (all_days <= pd.Timestamp("2025-06-30"))]
    rows = []
    bench, stock = 4700.0, 50.0
    for i, day in enumerate(days):
        r_b = 0.0004 + 0.004 * math.sin(i / 3.0)
        r_s = 1.5 * r_b + 0.003 * math.cos(i / 5.0)
        if day.date() == date(2025, 4, 16):
            r_s = -0.07
        bench *= 1 + r_b
        stock *= 1 + r_s
        rows.append(("^GSPC", day, "split", round(bench, 4)))
        rows.append(("NVDA", day, "split", round(stock, 4)))
    frame = pd.DataFrame(rows, columns=["symbol", "day", "adjustment", "close"])
    return frame.assign(open=None, high=None, low=None, volume=None)


def fill_store(path: Path, linker: Linker, settings: Settings) -> dict[str, str]:
    """Write prices, then analyze and store every story; returns the article ids."""
    con = connect(path)
    try:
        upsert_frame(con, closes(), "test", datetime(2025, 7, 1, tzinfo=UTC))
        ids = {}
        for key, story in STORIES.items():
            article = to_article(Submission(**story), settings)
            options = AnalyzeOptions(prices=StorePriceProvider(con), as_of=date(2025, 6, 30))
            analysis = analyze_article(article, options, linker=linker)
            save_analyses(con, [analysis], linker.universe)
            ids[key] = article.id
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return ids


def free_port() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock
