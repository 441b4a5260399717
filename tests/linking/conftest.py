from __future__ import annotations

from typing import Any

import pytest

from tickerlens.linking.automaton import build_index
from tickerlens.linking.linker import Linker, get_linker
from tickerlens.universe.load import company_from_record
from tickerlens.universe.master import Universe

RECORDS: list[dict[str, Any]] = [
    {
        "id": "nvidia",
        "name": "NVIDIA Corporation",
        "kind": "listed",
        "country": "US",
        "en": ["Nvidia"],
        "zh": ["英伟达"],
        "zh_hant": ["輝達"],
        "people": ["Jensen Huang", "黄仁勋"],
        "listings": [{"mic": "XNAS", "symbol": "NVDA", "primary": True}],
    },
    {
        "id": "apple",
        "name": "Apple Inc.",
        "kind": "listed",
        "country": "US",
        "en": ["Apple"],
        "zh": ["苹果"],
        "context": ["Apple", "苹果"],
        "people": ["Tim Cook"],
        "listings": [{"mic": "XNAS", "symbol": "AAPL", "primary": True}],
    },
    {
        "id": "cambricon",
        "name": "Cambricon Technologies Corporation Limited",
        "kind": "listed",
        "country": "CN",
        "en": ["Cambricon"],
        "zh": ["寒武纪"],
        "translations": ["Cambrian"],
        "context": ["Cambrian"],
        "listings": [{"mic": "XSHG", "symbol": "688256", "primary": True}],
    },
    {
        "id": "tsmc",
        "name": "Taiwan Semiconductor Manufacturing Company Limited",
        "kind": "listed",
        "country": "TW",
        "en": ["TSMC"],
        "zh": ["台积电"],
        "zh_hant": ["台積電"],
        "people": ["C.C. Wei", "魏哲家"],
        "listings": [{"mic": "XTAI", "symbol": "2330", "primary": True}, {"mic": "XNYS", "symbol": "TSM"}],
    },
    {
        "id": "meta",
        "name": "Meta Platforms, Inc.",
        "kind": "listed",
        "country": "US",
        "en": ["Meta"],
        "context": ["Meta"],
        "former": [{"text": "Facebook", "lang": "en", "end": "2021-10-28"}],
        "listings": [
            {"mic": "XNAS", "symbol": "FB", "end": "2022-06-09"},
            {"mic": "XNAS", "symbol": "META", "primary": True, "start": "2022-06-09"},
        ],
    },
    {
        "id": "ping-an",
        "name": "Ping An Insurance (Group) Company of China, Ltd.",
        "kind": "listed",
        "country": "CN",
        "en": ["Ping An"],
        "zh": ["中国平安"],
        "listings": [{"mic": "XSHG", "symbol": "601318", "primary": True}, {"mic": "XHKG", "symbol": "2318"}],
    },
    {
        "id": "ping-an-bank",
        "name": "Ping An Bank Co., Ltd.",
        "kind": "listed",
        "country": "CN",
        "en": ["Ping An Bank"],
        "zh": ["平安银行"],
        "listings": [{"mic": "XSHE", "symbol": "000001", "primary": True}],
    },
    {
        "id": "huawei",
        "name": "Huawei Technologies Co., Ltd.",
        "kind": "unlisted",
        "country": "CN",
        "en": ["Huawei"],
        "zh": ["华为"],
        "people": ["Ren Zhengfei"],
    },
    {
        "id": "us-commerce",
        "name": "U.S. Department of Commerce",
        "kind": "government",
        "country": "US",
        "en": ["Commerce Department"],
    },
    {
        "id": "shell",
        "name": "Shell plc",
        "kind": "listed",
        "country": "GB",
        "en": ["Shell"],
        "context": ["Shell"],
        "listings": [{"mic": "XLON", "symbol": "SHEL", "primary": True}],
    },
]


@pytest.fixture(scope="session")
def small_linker() -> Linker:
    companies = {r["id"]: company_from_record(r, "test") for r in RECORDS}
    universe = Universe(companies, digest="test")
    return Linker(universe, build_index(universe))


@pytest.fixture(scope="session")
def bundled_linker() -> Linker:
    return get_linker()
