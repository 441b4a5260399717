"""Bytes to text: every encoding a news page arrives in, and refusal of what is not text."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tickerlens.errors import BinaryInputError, DecodeError, EmptyInputError, InputTooLargeError
from tickerlens.ingest.decode import decode_bytes, gunzip_bounded, normalise_encoding_name

LIMIT = 1_000_000
HANS = "宁德时代一季度净利润同比增长三成，比亚迪四月销量再创新高，两家公司股价均上涨。"
HANT = "台積電第一季營收創新高，淨利年增六成；騰訊控股公布業績，遊戲收入成長。"
WESTERN = "Le marché a clôturé en hausse; la société annonce des résultats supérieurs — « très bons »."


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        pytest.param(HANS, "utf-8", id="utf8"),
        pytest.param(HANS, "utf-8-sig", id="utf8-bom"),
        pytest.param(HANS + HANT, "utf-16", id="utf16-bom"),
        pytest.param(HANS, "utf-16-be", id="utf16be-no-bom"),
        pytest.param(
            "Nvidia shares fell 7% on April 16 after the export ban.", "utf-16-le", id="utf16le-no-bom"
        ),
        pytest.param(HANS, "gb18030", id="gb18030"),
        pytest.param(HANS, "gbk", id="gbk"),
        pytest.param(HANT, "big5", id="big5"),
        pytest.param(WESTERN, "cp1252", id="cp1252"),
    ],
)
def test_each_encoding_decodes_to_the_original_text(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec), "x", LIMIT).text == text


def test_declared_charset_is_used_when_bytes_are_not_utf8() -> None:
    page = f'<html><head><meta charset="gb2312"></head><body><p>{HANS}</p></body></html>'
    decoded = decode_bytes(page.encode("gb18030"), "page.html", LIMIT)
    assert HANS in decoded.text
    assert decoded.encoding == "gb18030"


def test_mojibake_is_repaired_and_clean_text_left_alone() -> None:
    broken = "Nvidia’s café results".encode().decode("cp1252").encode("utf-8")
    fixed = decode_bytes(broken, "x", LIMIT)
    assert fixed.text == "Nvidia’s café results"
    assert fixed.repaired
    clean = decode_bytes("naïve café, Zürich — Straße".encode(), "x", LIMIT)
    assert clean.text == "naïve café, Zürich — Straße"
    assert not clean.repaired


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, id="png"),
        pytest.param(b"%PDF-1.7\n" + bytes(200), id="pdf"),
        pytest.param(b"PK\x03\x04" + bytes(100), id="zip"),
        pytest.param(b"abc\x00def\x00\x01\x02\x03" * 50, id="nul-bytes"),
        pytest.param(bytes([7, 8, 14, 15, 16, 17]) * 200 + b"text", id="control-chars"),
    ],
)
def test_binary_data_is_refused_with_its_name(data: bytes) -> None:
    with pytest.raises(BinaryInputError, match=r"photo\.bin.*binary"):
        decode_bytes(data, "photo.bin", LIMIT)


@pytest.mark.parametrize("data", [b"", b"   \n\t  ", "\ufeff".encode()])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match="empty"):
        decode_bytes(data, "blank.txt", LIMIT)


def test_too_large_input_names_size_and_limit() -> None:
    with pytest.raises(InputTooLargeError) as info:
        decode_bytes(b"a" * 2001, "big.txt", 2000)
    assert (info.value.size, info.value.limit) == (2001, 2000)
    assert "TICKERLENS_MAX_INPUT_BYTES" in str(info.value)


def test_gzip_is_read_and_a_gzip_bomb_is_stopped() -> None:
    assert decode_bytes(gzip.compress(HANS.encode()), "a.txt.gz", LIMIT).text == HANS
    bomb = gzip.compress(b"<rss>" + b" " * 20_000_000)  # 20 MB of spaces packs into ~20 KB
    assert len(bomb) < 100_000
    with pytest.raises(InputTooLargeError):
        decode_bytes(bomb, "bomb.xml.gz", LIMIT)


def test_broken_gzip_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="gzip"):
        gunzip_bounded(b"\x1f\x8b\x08\x00garbage-not-deflate", "x.gz", LIMIT)


@pytest.mark.parametrize(
    ("label", "codec"), [("GB2312", "gb18030"), ("big5", "cp950"), ("UTF8", "utf-8"), ("nope", None)]
)
def test_declared_labels_map_to_superset_codecs(label: str, codec: str | None) -> None:
    assert normalise_encoding_name(label) == codec


_TEXT = st.text(
    alphabet=st.characters(
        categories=("L", "N", "P", "Zs"), exclude_characters="\u0085\u00a0", max_codepoint=0x9FFF
    ).filter(lambda c: not "\u0080" <= c <= "\u024f"),
    min_size=1,
    max_size=200,
).filter(lambda t: t.strip() != "")


@given(_TEXT)
def test_any_text_round_trips_through_utf8_and_utf16(text: str) -> None:
    assert decode_bytes(text.encode("utf-8"), "x", LIMIT).text == text
    assert decode_bytes(text.encode("utf-16"), "x", LIMIT).text == text
