"""Names news writes, generated from legal names, and the tests of how risky a name is.

"NVIDIA Corporation" is written "Nvidia"; "Tencent Holdings Ltd" is "Tencent";
"贵州茅台酒股份有限公司" is "贵州茅台". Stripping the legal form is safe only while
something distinctive is left: "The Home Depot, Inc." -> "Home Depot" is fine,
"Target Corporation" -> "Target" is a common word and must need context.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tickerlens.universe.model import Alias

__all__ = ["graded_alias", "is_common_word", "legal_core", "needs_context"]

_LEGAL_SUFFIXES = [
    "incorporated",
    "inc",
    "corporation",
    "corp",
    "company",
    "co",
    "limited",
    "ltd",
    "plc",
    "p.l.c",
    "llc",
    "l.p",
    "lp",
    "ag",
    "se",
    "sa",
    "s.a",
    "nv",
    "n.v",
    "bv",
    "spa",
    "s.p.a",
    "ab",
    "asa",
    "as",
    "a/s",
    "oyj",
    "kgaa",
    "gmbh",
    "holdings",
    "holding",
    "group",
    "tbk",
    "bhd",
    "berhad",
    "pcl",
    "pjsc",
    "jsc",
    "sab de cv",
    "s.a.b. de c.v",
    "de cv",
    "ltda",
    "co., ltd",
    "company limited",
    "the",
    "adr",
    "ads",
    "class a",
    "class b",
    "cl a",
    "cl b",
    "ordinary shares",
    "common stock",
    "reit",
    "trust",
    "k.k",
    "kk",
    "s.e",
]
_SUFFIX_RE = re.compile(
    r"(?:[\s,]+(?:"
    + "|".join(re.escape(s) for s in sorted(_LEGAL_SUFFIXES, key=len, reverse=True))
    + r")\.?)+\s*$",
    re.IGNORECASE,
)
_ZH_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "控股集团",
    "集团股份",
    "集团有限公司",
    "控股",
    "集团",
    "股份",
    "公司",
    "（集团）",
    "(集团)",
    "有限公司",
    "股份有限公司",
    "有限公司",
)


def legal_core(name: str) -> str:
    """The name without its legal form, or the name itself when nothing distinctive
    would remain."""
    s = name.strip()
    if re.search(r"[\u4e00-\u9fff]", s):
        return _zh_core(s)
    s = re.sub(r"^the\s+", "", s, flags=re.IGNORECASE)
    core = _SUFFIX_RE.sub("", s).strip(" ,.-&")
    core = re.sub(r"\s*\((?:the|[A-Z]{2,})\)\s*$", "", core).strip()
    if len(core) < 3 or not re.search(r"[A-Za-z0-9]", core):
        return name.strip()
    return core


def _zh_core(name: str) -> str:
    s = name
    changed = True
    while changed:
        changed = False
        for suf in _ZH_SUFFIXES:
            if s.endswith(suf) and len(s) - len(suf) >= 2:
                s = s[: -len(suf)]
                changed = True
    return s


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    from importlib.resources import files

    raw = files("tickerlens.universe").joinpath("data/common_words.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in raw.splitlines() if line.strip() and not line.startswith("#")
    )


def is_common_word(text: str) -> bool:
    """True when ``text`` is also an ordinary word or thing (Apple, Target, Shell, Block,
    美的, 平安), from the project's list in ``data/common_words.txt``. Word frequency alone
    cannot tell: "google" and "nvidia" are as frequent in web text as "shell"."""
    return text.strip().lower() in _common_words()


def needs_context(text: str, lang: str) -> bool:
    """Whether an alias should link only with supporting evidence in the story."""
    if lang.startswith("zh"):
        return len(text) <= 1 or is_common_word(text)
    if len(text) <= 2:
        return True
    return is_common_word(text)


def graded_alias(name: str, kind: str, lang: str = "en") -> Alias:
    """An alias from a list nobody curated (the broad listing file, an official import),
    graded by how likely it is to be ordinary words.

    Distinctive multi-word names ("Kinder Morgan") link like curated ones. A single rare
    word ("Daseke", "Tupperware", or in capitals "ABIOMED") needs company context nearby
    (``kind``). Other names in capitals (stories never write them so), single frequent
    words, and two frequent words ("Asia Pacific", "Public Bank") link only beside their
    ticker (``kind + "-strict"``).
    Chinese names of three or more characters are distinctive; shorter ones need context.
    """
    from wordfreq import zipf_frequency

    if re.search(r"[\u4e00-\u9fff]", name):
        return Alias(text=name, lang=lang, kind=kind, context=True if len(name) < 3 else None)
    words = re.findall(r"[A-Za-z]+", name)
    freq = [zipf_frequency(w.lower(), "en") for w in words]
    if name.isalpha() and name.isupper() and len(name) >= 5 and freq[0] < 2.0:
        # Listing files write some names in capitals ("ABIOMED", "OMRON"); stories write
        # "Abiomed". A long word that English hardly uses is a rare single word.
        return Alias(text=name, lang=lang, kind=kind, context=True)
    if name.isupper() or not words or (len(words) <= 2 and all(f >= 3.5 for f in freq)):
        return Alias(text=name, lang=lang, kind=f"{kind}-strict", context=True)
    if len(words) < 2:
        return Alias(text=name, lang=lang, kind=kind, context=True)
    return Alias(text=name, lang=lang, kind=kind, context=None)


# The first word of a name as listing files write possessive names: "Aarons Inc" for
# Aaron's, "Dicks Sporting Goods" for Dick's. Stems ending in s, u, i or a are left
# alone: "Ross", "Nexus", "Genesis" and "Atlas" are not possessives.
_DROPPED_APOSTROPHE = re.compile(r"([A-Z][a-z]{1,}[b-hj-rtv-z])s\b")


def possessive_variant(name: str, kind: str) -> Alias | None:
    """The name as stories write it when a listing file has dropped its apostrophe
    ("Aarons" -> "Aaron's"), or None. Nothing in the file says the apostrophe was
    there, so a one-word variant never links on its own: it needs company words nearby,
    or, when its stem is an ordinary word or first name ("Aaron", "Carter"), a
    construction only a company fills, like the ordinary-word names of ``graded_alias``.
    A longer name ("Dick's Sporting Goods") is graded as ``graded_alias`` grades it."""
    from wordfreq import zipf_frequency

    if "'" in name or "’" in name:
        return None
    m = _DROPPED_APOSTROPHE.match(name)
    if m is None:
        return None
    stem = m.group(1)
    text = f"{stem}'s{name[m.end() :]}"
    if name[m.end() :].strip():  # more words after it: graded as the whole name is
        return graded_alias(text, kind)
    strict = zipf_frequency(stem.lower(), "en") >= 3.5
    return Alias(text=text, lang="en", kind=f"{kind}-strict" if strict else kind, context=True)
