"""Matching form of text: NFKC, full-width to half-width, traditional to simplified,
lower case, punctuation to spaces, always one output character per input character.

Keeping the length lets every match offset point straight back into the original
text, so mention spans need no mapping table. Characters whose NFKC or lower-case form
is longer than one character (ligatures, 'İ') are kept as they are; that costs a
match in rare text and never shifts an offset.

Traditional-to-simplified uses OpenCC's character table (from the
opencc-python-reimplemented package), character by character; phrase-level variants
are rare in company names and would change lengths.

Because the transform is one character to one character, it is a lookup table over
code points, applied with numpy to the text's UTF-32 form: about eight times faster
than ``str.translate`` on Chinese text, where every character would otherwise cost a
dictionary lookup.
"""

from __future__ import annotations

import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["blank_cjk", "fold", "match_form", "to_simplified"]


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 2:
            continue
        src, dst = parts[0], parts[1].split(" ")[0]
        if len(src) == 1 and len(dst) == 1:
            table[ord(src)] = dst
    return table


def _space_like(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PZSC"


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """The transform for non-ASCII characters: NFKC, traditional to simplified, lower
    case, punctuation and spaces to a plain space."""
    table: dict[int, str] = {}
    t2s = _t2s_table()
    for cp in range(0x80, min(sys.maxunicode, 0x2FFFF) + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        out = unicodedata.normalize("NFKC", ch)
        if len(out) != 1:
            out = ch
        out = t2s.get(ord(out), out)
        low = out.lower()
        if len(low) == 1:
            out = low
        if _space_like(out):
            out = " "
        if out != ch:
            table[cp] = out
    return table


# ASCII: letters lower-cased, digits kept, everything else a space. Applied to UTF-8
# bytes, where bytes >= 0x80 (parts of other characters) pass through untouched.
_ASCII_BYTES = bytes(
    (b + 32) if 65 <= b <= 90 else b if (97 <= b <= 122 or 48 <= b <= 57 or b >= 128) else 32
    for b in range(256)
)


@lru_cache(maxsize=1)
def _lookup() -> np.ndarray:
    """Every code point's matching form as a code point (identity where unchanged)."""
    lut = np.arange(sys.maxunicode + 1, dtype=np.uint32)
    lut[:128] = np.frombuffer(_ASCII_BYTES[:128], dtype=np.uint8)
    lut[0xD800:0xE000] = 32  # a lone surrogate (from undecodable input) matches nothing
    table = _table()
    lut[np.fromiter(table.keys(), dtype=np.uint32, count=len(table))] = np.fromiter(
        (ord(v) for v in table.values()), dtype=np.uint32, count=len(table)
    )
    return lut


def match_form(text: str) -> str:
    """The form aliases are matched against, one character per character of ``text``:
    lower case, punctuation as spaces, so a Latin alias can be stored with a leading
    space and only ever match at the start of a word."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_BYTES).decode("ascii")
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _lookup()[points].tobytes().decode("utf-32-le", "surrogatepass")


def blank_cjk(form: str) -> str:
    """``form`` with every Chinese character turned into a space (same length), for the
    pass that finds Latin names run into Chinese ("受OpenAI影响")."""
    points = np.frombuffer(form.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()
    points[((points >= 0x3400) & (points <= 0x9FFF)) | ((points >= 0xF900) & (points <= 0xFAFF))] = 32
    return points.tobytes().decode("utf-32-le", "surrogatepass")


def fold(text: str) -> str:
    """The form an alias is stored under (the same transform as ``match_form``)."""
    return match_form(text)


def to_simplified(text: str) -> str:
    """Traditional characters replaced by simplified ones; case and width untouched."""
    return text.translate(_t2s_table())
