"""Language and Chinese script detection."""

from __future__ import annotations

import pytest

from tickerlens.ingest.lang import chinese_script, detect_language


@pytest.mark.parametrize(
    ("text", "lang", "script"),
    [
        pytest.param(
            "Nvidia shares fell after the export ban on its H20 chips to China.", "en", None, id="en"
        ),
        pytest.param(
            "贵州茅台2024年营业总收入同比增长15.7%，归母净利润862亿元。", "zh", "Hans", id="zh-hans"
        ),
        pytest.param("台積電第一季營收創新高，淨利年增六成。", "zh", "Hant", id="zh-hant"),
        pytest.param(
            "腾讯控股（00700.HK）公布业绩，Tencent Holdings beat estimates，股价上涨。",
            "zh",
            "Hans",
            id="zh-mixed",
        ),
        pytest.param("トヨタ自動車の決算は市場予想を上回った。", "ja", None, id="ja"),
        pytest.param("삼성전자의 분기 실적이 시장 예상을 웃돌았다.", "ko", None, id="ko"),
        pytest.param("Le marché a clôturé en hausse après les résultats de la société.", "fr", None, id="fr"),
        pytest.param("Die Aktie stieg nach den Quartalszahlen deutlich an.", "de", None, id="de"),
    ],
)
def test_language_and_script(text: str, lang: str, script: str | None) -> None:
    assert detect_language(text) == (lang, script)


def test_no_letters_means_no_language() -> None:
    assert detect_language("12,345.67 % -- 2025") == (None, None)


def test_an_english_story_naming_a_chinese_company_stays_english() -> None:
    text = "Shares of Kweichow Moutai (贵州茅台) rose 3% in Shanghai after the company reported results. " * 3
    assert detect_language(text)[0] == "en"


def test_characters_shared_by_both_scripts_decide_nothing() -> None:
    assert chinese_script("香港交易所") is None
