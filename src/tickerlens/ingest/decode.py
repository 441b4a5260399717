"""Bytes to text: the first gate every input passes.

News arrives in UTF-8, UTF-16 (Windows exports), GB18030/GBK (mainland sites), Big5
(Taiwan and Hong Kong) and legacy Western code pages. Decoding goes, in order: size and
emptiness checks, gzip (bounded, so a small bomb cannot expand without limit), byte-order
marks, strict UTF-8, a charset the document declares, then charset-normalizer's guess.
Binary data is refused rather than turned into garbage, and mojibake is repaired only by
ftfy's encoding fixer, which changes text only when the repair is unambiguous.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zlib
from dataclasses import dataclass

import charset_normalizer
import ftfy

from tickerlens.errors import BinaryInputError, DecodeError, EmptyInputError, InputTooLargeError

__all__ = ["Decoded", "decode_bytes", "gunzip_bounded", "normalise_encoding_name"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Magic numbers of formats that are certainly not text (images, archives, PDFs, executables).
_BINARY_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    b"\x7fELF",
    b"MZ",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x00\x00\x01\x00",
    b"RIFF",
    b"OggS",
    b"ID3",
)
_DECLARED = re.compile(
    rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?|<\?xml[^>]{0,100}?encoding\s*=\s*["'])([A-Za-z0-9_\-]+)""",
    re.IGNORECASE,
)
# Labels web pages use for a subset of an encoding Python also knows as a superset.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "cp950",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "cp950",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "euc-cn": "gb18030",
}
# Codecs by how common they are for news pages, used to break ties between clean readings.
_COMMON = ("utf-8", "gb18030", "cp950", "big5hkscs", "cp1252", "shift_jis", "euc_jp", "euc_kr", "cp1251")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# UTF-8 read as a single-byte code page leaves a lead byte (Â-ô) before a continuation
# byte's character; without one, ftfy has nothing to fix and its full scan is skipped.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
_MAX_CONTROL_SHARE = 0.01  # above 1% control characters a "text" is really binary


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the codec that produced ``text`` (before any ftfy repair)
    repaired: bool = False  # ftfy changed the text (mojibake fixed)


def normalise_encoding_name(name: str) -> str | None:
    """The Python codec for a declared charset label, widened to its superset; None if unknown."""
    label = name.strip().lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def gunzip_bounded(data: bytes, source: str, limit: int) -> bytes:
    """Decompress gzip data, refusing to produce more than ``limit`` bytes (a gzip bomb)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise DecodeError(source, f"broken gzip data: {exc}") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise InputTooLargeError(source, max(len(out), limit + 1), limit)
    return out


def _check_size(data: bytes, source: str, limit: int) -> bytes:
    if len(data) > limit:
        raise InputTooLargeError(source, len(data), limit)
    if data[:2] == b"\x1f\x8b":
        data = gunzip_bounded(data, source, limit)
    if not data.strip():
        raise EmptyInputError(source)
    return data


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-range text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _readable_share(text: str) -> float:
    """Share of characters that are letters, digits, punctuation or spaces (not controls,
    private use or unassigned): near 1 for text, far lower for binary read as UTF-16."""
    sample = text[:4000]
    good = sum(1 for c in sample if unicodedata.category(c)[0] in "LNPZS" or c in "\n\r\t")
    return good / max(1, len(sample))


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """CJK text in UTF-16 has NUL bytes only now and then; accept a reading that is all text."""
    best: tuple[float, str, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _try(data[: len(data) // 2 * 2], codec)
        if text is not None:
            share = _readable_share(text)
            if share >= 0.97 and (best is None or share > best[0]):
                best = (share, text, codec)
    return (best[1], best[2]) if best else None


def _is_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_MAGIC):
        return True
    return b"\x00" in data[:8192]


def _declared(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    return normalise_encoding_name(match.group(1).decode("ascii")) if match else None


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess(data: bytes, source: str) -> tuple[str, str]:
    """charset-normalizer's guess; among equally clean readings, the more common codec wins.

    Short Western texts read equally cleanly as cp1252, cp1250 or cp1257; the web's
    frequencies then decide, which is what a reader would bet on too.
    """
    matches = list(charset_normalizer.from_bytes(data[:200_000]))
    if matches:
        least = min(m.chaos for m in matches)
        tied = [normalise_encoding_name(m.encoding) or m.encoding for m in matches if m.chaos <= least + 0.01]
        tied.sort(key=lambda c: _COMMON.index(c) if c in _COMMON else len(_COMMON))
        for codec in tied:
            text = _try(data, codec)
            if text is not None:
                return text, codec
    for codec in ("gb18030", "cp950", "cp1252"):
        text = _try(data, codec)
        if text is not None:
            return text, codec
    raise DecodeError(source, "no known encoding fits its bytes")


def _decode_raw(data: bytes, source: str) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _try(data[len(bom) :], codec)
            if text is None:
                raise DecodeError(source, f"starts with a {codec} byte-order mark but is not valid {codec}")
            return text, codec
    utf16 = _looks_utf16(data)
    if utf16 is not None:
        text = _try(data, utf16)
        if text is not None:
            return text, utf16
    if b"\x00" in data[:8192] and not data.startswith(_BINARY_MAGIC):
        found = _utf16_without_bom(data)
        if found is not None:
            return found
    if _is_binary(data):
        raise BinaryInputError(source)
    text = _try(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    declared = _declared(data)
    if declared is not None:
        text = _try(data, declared)
        if text is not None:
            return text, declared
    return _guess(data, source)


def decode_bytes(data: bytes, source: str, max_bytes: int, *, repair: bool = True) -> Decoded:
    """Decode ``data`` (named ``source`` in errors) into text, or raise an InputError."""
    data = _check_size(data, source, max_bytes)
    text, codec = _decode_raw(data, source)
    controls = len(_CONTROL.findall(text[:100_000]))
    if controls > _MAX_CONTROL_SHARE * min(len(text), 100_000):
        raise BinaryInputError(source)
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise EmptyInputError(source)
    if not repair or _MOJIBAKE_HINT.search(text) is None:
        return Decoded(text, codec)
    fixed = ftfy.fix_encoding(text)
    return Decoded(fixed, codec, repaired=fixed != text)
