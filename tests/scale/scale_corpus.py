"""Small corpora and a small universe written for the scale tests (helpers, not fixtures)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

UNIVERSE: list[dict[str, Any]] = [
    {"id": "nvidia", "name": "NVIDIA Corporation", "kind": "listed", "country": "US", "en": ["Nvidia"],
     "zh": ["英伟达"], "listings": [{"mic": "XNAS", "symbol": "NVDA", "primary": True}]},
    {"id": "tsmc", "name": "Taiwan Semiconductor Manufacturing Company Limited", "kind": "listed",
     "country": "TW", "en": ["TSMC"], "zh": ["台积电"],
     "listings": [{"mic": "XTAI", "symbol": "2330", "primary": True}, {"mic": "XNYS", "symbol": "TSM"}]},
    {"id": "cambricon", "name": "Cambricon Technologies Corporation Limited", "kind": "listed",
     "country": "CN", "en": ["Cambricon"], "zh": ["寒武纪"],
     "listings": [{"mic": "XSHG", "symbol": "688256", "primary": True}]},
    {"id": "huawei", "name": "Huawei Technologies Co., Ltd.", "kind": "unlisted", "country": "CN",
     "en": ["Huawei"], "zh": ["华为"]},
]


def story(i: int, day: str = "2025-03-04T15:00:00Z") -> dict[str, Any]:
    """An English story naming Nvidia (and TSMC as its supplier)."""
    return {
        "id": f"en-{i}",
        "title": f"Nvidia results, part {i}",
        "text": f"Nvidia said on Tuesday that data center revenue grew {10 + i}% in the quarter. "
        "Its chips are made by TSMC in Taiwan.",
        "published": day,
    }


def zh_story(i: int, day: str = "2025-03-05T07:00:00+08:00") -> dict[str, Any]:
    """A Chinese story naming Cambricon and Huawei, dated 07:00 in Beijing (the day before in UTC)."""
    return {"id": f"zh-{i}", "text": f"寒武纪第{i}季度营收大幅增长，华为是其重要客户。", "published": day}


def write_jsonl(path: Path, records: Sequence[dict[str, Any] | str]) -> Path:
    """JSON lines; a str is written as is (to make a malformed line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_prices(folder: Path) -> dict[date, float]:
    """NVDA and the S&P 500 on weekdays of early 2025 (closes made up here); no Taiwan prices.
    Returns NVDA's closes."""
    closes: dict[date, float] = {}
    day, lines = date(2025, 1, 2), ["ticker,date,close"]
    while day <= date(2025, 3, 31):
        if day.weekday() < 5:
            closes[day] = round(100 + (day - date(2025, 1, 2)).days * 0.5, 2)
            lines += [f"NVDA,{day},{closes[day]}", f"^GSPC,{day},{5000 + closes[day]}"]
        day += timedelta(days=1)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "closes.csv").write_text("\n".join(lines) + "\n")
    return closes
