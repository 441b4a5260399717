"""The automaton finds exactly what a naive scan finds: every alias occurrence that
starts and ends at word boundaries (Latin) or anywhere (Chinese), leftmost first, the
longest at each place."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tickerlens.linking.automaton import build_index
from tickerlens.linking.linker import Linker
from tickerlens.linking.normalize import match_form
from tickerlens.universe.load import company_from_record
from tickerlens.universe.master import Universe

LATIN = ["Acme", "Acme Corp", "Bolt", "Bolt Energy Partners", "Cyan", "Cyan Dyn", "Delta Holdings"]
CJK = ["宁德时代", "中国平安", "平安银行", "寒武纪", "平安"]
ALIASES = LATIN + CJK
FILLER = [
    "the",
    "and",
    "Corporate",
    "Dynamo",
    "Acmes",
    "Bolted",
    "cyanide",
    "ltd",
    "银行",
    "中国",
    "时代",
    "发布",
    "said",
    "Corp",
]
SEPARATORS = [" ", ", ", ". ", "，", "、", "\n", "(", ") ", ""]


def _linker() -> Linker:
    records = [
        {
            "id": f"c{i}",
            "name": f"Company {i} Inc.",
            "kind": "listed",
            "country": "US",
            "en": [a] if a.isascii() else [],
            "zh": [] if a.isascii() else [a],
            "listings": [{"mic": "XNYS", "symbol": f"C{i}"}],
        }
        for i, a in enumerate(ALIASES)
    ]
    companies = {r["id"]: company_from_record(r, "test") for r in records}
    universe = Universe(companies, digest="prop")
    return Linker(universe, build_index(universe))


LINKER = _linker()
_WORDCH = re.compile(r"[a-z0-9]")


def naive(text: str) -> list[tuple[int, int]]:
    """All valid occurrences by brute force, then greedy leftmost-longest."""
    form = match_form(text)
    found = []
    for alias in ALIASES + [f"Company {i} Inc." for i in range(len(ALIASES))]:
        key = match_form(alias).strip()
        latin = alias.isascii()
        for m in re.finditer(re.escape(key), form):
            s, e = m.start(), m.end()
            if latin and (
                (s > 0 and _WORDCH.match(form[s - 1])) or (e < len(form) and _WORDCH.match(form[e]))
            ):
                continue
            if text[s:e] != alias and not (latin and text[s:e][:1].isupper()):
                continue  # the case rule: never all lower case
            found.append((s, e))
    found.sort(key=lambda se: (se[0], -(se[1] - se[0])))
    out: list[tuple[int, int]] = []
    for s, e in found:
        if not out or s >= out[-1][1]:
            out.append((s, e))
    return out


pieces = st.lists(
    st.tuples(st.sampled_from(ALIASES + FILLER), st.sampled_from(SEPARATORS)), min_size=1, max_size=12
)


@settings(max_examples=300, deadline=None)
@given(pieces)
def test_automaton_matches_naive_scan(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + sep for word, sep in parts)
    got = sorted((h.start, h.end) for h in LINKER._alias_hits(text, None, False))
    assert got == naive(text), text
