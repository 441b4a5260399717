"""Text in, companies out: the linking stage.

One pass of the alias automaton over the matching form of the text, one regex pass for
explicit tickers, then decisions per hit: case and word-boundary rules, point-in-time
validity, curated-over-breadth, evidence for ambiguous words, coreference of
executives' surnames. Finally relevance and role per company.
"""

from __future__ import annotations

import bisect
import gc
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from tickerlens.linking.automaton import AliasEntry, AliasIndex, Case, KeyInfo, load_index
from tickerlens.linking.evidence import (
    firm_context,
    list_neighbours,
    local_evidence,
    names_a_market,
    part_of_other_name,
    share_button,
    straddles_words,
    veto,
)
from tickerlens.linking.model import CompanyLink, ListingRef, Mention
from tickerlens.linking.normalize import blank_cjk, match_form
from tickerlens.linking.relevance import RelevanceInput, role_for, score_relevance
from tickerlens.linking.sentences import split_sentences
from tickerlens.linking.tickers import TickerHit, find_paren_symbols, find_symbol_lists, find_tickers
from tickerlens.universe.master import Universe, load_universe
from tickerlens.universe.model import Company, Kind, Listing

__all__ = ["Linker", "get_linker"]

_CJK_THEN_LATIN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][a-z0-9]")
_NOT_COMPANIES = {Kind.GOVERNMENT, Kind.NONPROFIT}


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    entries: list[AliasEntry]
    in_title: bool
    kind: str = "alias"  # alias, ticker, person
    listing: Listing | None = None


@dataclass(slots=True)
class _Doc:
    text: str
    title: str
    day: date | None
    sentences: list[tuple[int, int]]
    starts: list[int] = field(default_factory=list)

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def span_of(self, idx: int) -> tuple[int, int]:
        return self.sentences[idx] if self.sentences else (0, len(self.text))


_AMOUNT_SIGNS = frozenset("$€£¥₹")
_LATIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789" + "".join(map(chr, range(0xC0, 0x250))))


def _bounded(form: str, start: int, end: int, info: KeyInfo) -> bool:
    """A Latin key must end at a word end; one without a leading space (mixed Latin and
    Chinese, "TCL中环") must also start at a word start."""
    if info.ends_latin and end < len(form) and form[end] in _LATIN_CHARS:
        return False
    return info.lead or not (start > 0 and form[start] in _LATIN_CHARS and form[start - 1] in _LATIN_CHARS)


def _in_amount(text: str, start: int) -> bool:
    """Whether a name starting with a digit at ``start`` goes on a number or an amount:
    the matching form reads "$" and "." as spaces, so "3M" is found in "$3M" and "12.3M"."""
    if start == 0:
        return False
    before = text[start - 1]
    return before in _AMOUNT_SIGNS or (before in ".,-–" and start >= 2 and text[start - 2].isdigit())


@lru_cache(maxsize=4096)
def _common_acronym(symbol: str) -> bool:
    """A symbol that is also a frequent word or acronym in English ("CEO", "IT", "GDP")."""
    from wordfreq import zipf_frequency

    return zipf_frequency(symbol.lower(), "en") >= 3.0


def _ticker_hit(th: TickerHit, company: Company, listing: Listing, in_title: bool = False) -> _Hit:
    """A hit on an explicit symbol: it names its company by itself, in any case."""
    entry = AliasEntry(company.id, th.text, "any", "ticker", False, Case.ANY, True)
    return _Hit(th.start, th.end, [entry], in_title, "ticker", listing)


def _case_ok(span: str, entry: AliasEntry) -> bool:
    if span == entry.text:
        return True
    if not span.isascii():
        span = unicodedata.normalize("NFKC", span)  # full-width "ＴＳＭＣ" is "TSMC"
    if entry.case == Case.ANY or span == entry.text:
        return True
    if entry.case == Case.EXACT:
        return False
    if span.islower():
        return False
    return span.isupper() or span[:1].isupper() == entry.text[:1].isupper()


def _to_day(published: datetime | date | str | None) -> date | None:
    if published is None:
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    return date.fromisoformat(str(published)[:10])


class Linker:
    """Links company mentions in a text to the security master. Build once, reuse."""

    def __init__(self, universe: Universe, index: AliasIndex) -> None:
        self.universe = universe
        self.index = index

    # -- scanning -----------------------------------------------------------------
    def _alias_hits(self, text: str, day: date | None, in_title: bool) -> list[_Hit]:
        form = " " + match_form(text)  # index i of form is index i - 1 of text
        hits = self._scan(text, form, day, in_title, None)
        if _CJK_THEN_LATIN.search(form):
            # Chinese text runs Latin names into characters ("受OpenAI影响"); a second pass
            # with the characters blanked finds the names that start right after one.
            hits += self._scan(text, blank_cjk(form), day, in_title, form)
        return hits

    def _matches(self, form: str, original: str | None = None) -> list[tuple[int, int, KeyInfo]]:
        """Leftmost-longest automaton matches that respect word boundaries, as (start,
        end, key info) in ``form``. When the longest key at a place runs into a longer
        word ("Apple Incx"), the shorter keys inside it are tried, so "Apple" is not
        lost with it. With ``original`` (the second pass over blanked Chinese), the
        word-start matches the first pass already found are passed over at once."""
        index = self.index
        info = index.info
        n = len(form)
        out: list[tuple[int, int, KeyInfo]] = []
        for k, s, e in index.scan(form):
            v = info[k]
            if v.lead and not (v.ends_latin and e < n and form[e] in _LATIN_CHARS):
                if original is None or original[s] != " ":
                    out.append((s, e, v))  # the common case: a word-start key that ends at a word end
            elif _bounded(form, s, e, v):
                out.append((s, e, v))
            else:
                for k2, s2, e2 in index.inside(k):
                    if _bounded(form, s + s2, s + e2, info[k2]):
                        out.append((s + s2, s + e2, info[k2]))
        return out

    def _scan(
        self, text: str, form: str, day: date | None, in_title: bool, original: str | None
    ) -> list[_Hit]:
        """Hits in ``text`` from the matches in ``form`` (its matching form with a space
        in front: form index i is text index i - 1)."""
        hits: list[_Hit] = []
        entries = self.index.entries
        for s, e, (_, lead, _, ids) in self._matches(form, original):
            if original is not None and (not lead or original[s] == " "):
                continue  # the first pass found these
            start = s - 1 + lead
            span = text[start : e - 1]
            if span[:1].isdigit() and _in_amount(text, start):
                continue  # "$3M", "12.3M": an amount, not 3M
            if len(ids) == 1:
                entry = entries[ids[0]]
                if not ((entry.start is None and entry.end is None) or entry.valid_on(day)) or not _case_ok(
                    span, entry
                ):
                    continue
                cands = [entry]
            else:
                cands = [c for i in ids if (c := entries[i]).valid_on(day) and _case_ok(span, c)]
                if not cands:
                    continue
                if any(c.curated for c in cands):
                    cands = [c for c in cands if c.curated]
            kind = "person" if all(c.kind == "person" for c in cands) else "alias"
            hits.append(_Hit(start, e - 1, cands, in_title, kind))
        return hits

    def _ticker_hits(self, text: str, day: date | None, in_title: bool) -> list[_Hit]:
        hits = []
        for th in find_tickers(text):
            found = self.universe.resolve_ticker(th.ref, day)
            if found is None:
                continue
            company, listing = found
            hits.append(_ticker_hit(th, company, listing, in_title))
        return hits

    def _paren_symbol_hits(self, text: str, day: date | None, taken: list[_Hit]) -> list[_Hit]:
        """ "Prologis (PLD)": a bracketed symbol counts when the words before it name the
        company, so "(AI)" or "(CEO)" never link on their own."""
        hits = []
        for th in find_paren_symbols(text):
            if any(h.start < th.end and th.start < h.end for h in taken):
                continue
            found = self.universe.resolve_ticker(th.ref, day)
            if found is None:
                continue
            company, listing = found
            before = match_form(text[max(0, th.start - 60) : th.start])
            names = [company.name, *(a.text for a in company.aliases)]
            if not any(_first_word(n) and _first_word(n) in before for n in names):
                continue
            hits.append(_ticker_hit(th, company, listing))
        return hits

    def _symbol_list_hits(self, text: str, day: date | None, taken: list[_Hit]) -> list[_Hit]:
        """ "(TDSC, AAON, ACTG)": a list of bare symbols counts when most of its rare ones
        are listings on the story's date. Symbols that are also frequent words or
        acronyms ("CEO", "AI", "IT", "TV" are all tickers) prove nothing either way, so
        "(CEO, CFO, COO)" never links; delisted names missing from the universe may
        leave a few symbols of a real list unknown."""
        hits = []
        for items in find_symbol_lists(text):
            if any(h.kind == "ticker" and h.start < items[-1].end and items[0].start < h.end for h in taken):
                continue
            found = [self.universe.resolve_ticker(th.ref, day) for th in items]
            rare = [f for th, f in zip(items, found, strict=True) if not _common_acronym(th.text)]
            known = sum(f is not None for f in rare)
            if known < 2 or known < 0.6 * len(rare):
                continue
            for th, f in zip(items, found, strict=True):
                if f is not None:
                    hits.append(_ticker_hit(th, *f))
        return hits

    def _surname_hits(self, text: str, hits: list[_Hit]) -> list[_Hit]:
        """Later mentions of an executive by surname alone ("Huang", "Cook")."""
        taken = [(h.start, h.end) for h in hits]
        out: list[_Hit] = []
        for h in hits:
            if h.kind != "person" or h.in_title or h.entries[0].case == Case.ANY:
                continue
            surname = h.entries[0].text.split()[-1]
            if len(surname) < 3:
                continue
            for m in re.finditer(rf"\b{re.escape(surname)}\b", text[h.end :]):
                s, e = h.end + m.start(), h.end + m.end()
                if not any(a < e and s < b for a, b in taken):
                    taken.append((s, e))
                    out.append(_Hit(s, e, h.entries, False, "person"))
        return out

    # -- deciding -----------------------------------------------------------------
    def _decide(self, doc: _Doc, hits: list[_Hit]) -> dict[str, list[_Hit]]:
        strong: set[str] = set()
        for h in hits:
            first = h.entries[0].company_id
            unambiguous = len(h.entries) == 1 or all(e.company_id == first for e in h.entries)
            if unambiguous and (h.kind == "ticker" or not all(e.context for e in h.entries)):
                strong.add(first)
        accepted: dict[str, list[_Hit]] = defaultdict(list)
        pending: list[_Hit] = []
        for h in hits:
            text = doc.title if h.in_title else doc.text
            if share_button(text, h.start, h.end) or (
                h.kind == "alias"
                and (straddles_words(text, h.start, h.end) or names_a_market(text, h.start, h.end))
            ):
                continue
            cid = self._choose(h, strong)
            needs = all(e.context for e in h.entries if e.company_id == cid)
            if not needs:
                accepted[cid].append(h)
            elif not veto(text, h.start, h.end):
                h.entries = [e for e in h.entries if e.company_id == cid]
                # A one-word name nobody curated is often part of another name or a surname.
                if (
                    h.kind == "alias"
                    and not any(e.curated for e in h.entries)
                    and text[h.start : h.end].isalpha()
                    and part_of_other_name(text, h.start, h.end)
                ):
                    continue
                pending.append(h)
        self._accept_ambiguous(doc, pending, accepted, strong)
        return accepted

    def _choose(self, h: _Hit, strong: set[str]) -> str:
        first = h.entries[0].company_id
        if all(e.company_id == first for e in h.entries):
            return first
        ids = list(dict.fromkeys(e.company_id for e in h.entries))
        for cid in ids:
            if cid in strong:
                return cid
        # A name a company is written under beats one derived from another's legal name:
        # "Merck" is Merck & Co.'s short name, and only what is left of "Merck KGaA".
        written = {e.company_id for e in h.entries if not e.kind.startswith("generated")}
        ids = [cid for cid in ids if cid in written] or ids
        listed = [cid for cid in ids if (c := self.universe.get(cid)) and c.listings]
        return (listed or ids)[0]

    def _accept_ambiguous(
        self, doc: _Doc, pending: list[_Hit], accepted: dict[str, list[_Hit]], strong: set[str]
    ) -> None:
        changed = True
        while pending and changed:
            changed = False
            spans = [(h.start, h.end) for hs in accepted.values() for h in hs if not h.in_title]
            for h in list(pending):
                cid = h.entries[0].company_id
                text = doc.title if h.in_title else doc.text
                sent = (0, len(text)) if h.in_title else doc.span_of(doc.sentence_of(h.start))
                if all(e.kind.endswith("-strict") for e in h.entries):
                    # a broad-list name made of ordinary words needs its ticker, or, unless
                    # it is one plain word ("Energy"), a construction only a company fills
                    ok = cid in strong or (
                        not text[h.start : h.end].isalpha() and firm_context(text, h.start, h.end)
                    )
                else:
                    ok = (
                        cid in strong
                        or cid in accepted
                        or local_evidence(text, h.start, h.end, sent) >= 0.4
                        or (not h.in_title and list_neighbours(text, h.start, h.end, spans))
                    )
                if ok:
                    accepted[cid].append(h)
                    pending.remove(h)
                    changed = True

    # -- output -------------------------------------------------------------------
    def link(
        self, text: str, title: str | None = None, published: datetime | date | str | None = None
    ) -> list[CompanyLink]:
        """Every company the text names, most relevant first."""
        day = _to_day(published)
        hits = self._alias_hits(text, day, False) + self._ticker_hits(text, day, False)
        if title:
            hits += self._alias_hits(title, day, True) + self._ticker_hits(title, day, True)
        hits = _drop_overlaps(hits)
        if "(" in text:
            hits += self._paren_symbol_hits(text, day, hits)
            listed = self._symbol_list_hits(text, day, hits)
            if listed:  # a listed symbol replaces a name found on the same letters ("AAON")
                hits = [h for h in hits if not any(h.start < t.end and t.start < h.end for t in listed)]
                hits += listed
        if not hits:
            return []
        hits += self._surname_hits(text, hits)
        sentences = split_sentences(text)
        doc = _Doc(text, title or "", day, sentences, [s for s, _ in sentences])
        accepted = self._decide(doc, sorted(hits, key=lambda h: (h.in_title, h.start)))
        return self._links(doc, accepted)

    def _links(self, doc: _Doc, accepted: dict[str, list[_Hit]]) -> list[CompanyLink]:
        per: dict[str, list[Mention]] = {}
        named: dict[str, list[Listing]] = {}
        for cid, hs in accepted.items():
            company = self.universe.get(cid)
            if company is None or company.kind in _NOT_COMPANIES:
                continue
            per[cid] = [_mention(doc, h) for h in sorted(hs, key=lambda h: (not h.in_title, h.start))]
            named[cid] = [h.listing for h in hs if h.listing is not None]
        total = sum(_mention_weight(ms) for ms in per.values())
        headings = _heading_sentences(doc, {m.sentence for ms in per.values() for m in ms})
        links = []
        for cid, mentions in per.items():
            company = self.universe.companies[cid]
            rel = score_relevance(RelevanceInput(mentions, len(doc.sentences), headings, total))
            if company.kind == Kind.MEDIA:
                rel = round(rel * 0.4, 4)  # an outlet cited as the source is rarely the subject
            links.append(self._make_link(company, mentions, accepted[cid], named[cid], doc.day, rel))
        links.sort(key=lambda lk: (-lk.relevance, lk.name))
        for rank, lk in enumerate(links):
            lk.role = role_for(lk.relevance, rank)
        return links

    def _make_link(
        self,
        company: Company,
        mentions: list[Mention],
        hits: list[_Hit],
        named: list[Listing],
        day: date | None,
        relevance: float,
    ) -> CompanyLink:
        listings = _output_listings(company, named, day)
        return CompanyLink(
            company_id=company.id,
            name=company.name,
            kind=company.kind.value,
            listings=[
                ListingRef(lst.mic, lst.symbol, lst.yahoo, lst.currency, lst.isin, lst.primary)
                for lst in listings
            ],
            mentions=mentions,
            confidence=_confidence(hits),
            relevance=relevance,
            role=role_for(relevance, 99),
            short_name=company.short_name,
            zh_name=company.zh_name,
        )


def _first_word(name: str) -> str:
    """The distinctive first word of a name in matching form ("prologis", "charles")."""
    words = [w for w in re.findall(r"[\w&'.-]+", match_form(name)) if w not in ("the", "a")]
    return words[0] if words and len(words[0]) >= 3 else ""


def _drop_overlaps(hits: list[_Hit]) -> list[_Hit]:
    """Where an alias and a ticker form overlap, the longer span wins (the earlier on a tie)."""
    out: list[_Hit] = []
    for part in (True, False):
        ordered = sorted((h for h in hits if h.in_title == part), key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[_Hit] = []
        for h in ordered:
            if kept and h.start < kept[-1].end:
                if h.end - h.start > kept[-1].end - kept[-1].start:
                    kept[-1] = h
                continue
            kept.append(h)
        out.extend(kept)
    return out


def _mention(doc: _Doc, h: _Hit) -> Mention:
    text = doc.title if h.in_title else doc.text
    return Mention(
        text[h.start : h.end],
        h.start,
        h.end,
        -1 if h.in_title else doc.sentence_of(h.start),
        h.kind,
        h.in_title,
    )


def _mention_weight(ms: list[Mention]) -> float:
    return sum(0.4 if m.kind == "person" else 1.0 for m in ms if not m.in_title)


def _heading_sentences(doc: _Doc, candidates: set[int]) -> frozenset[int]:
    """Those of ``candidates`` that stand alone on a short line without final
    punctuation: headings."""
    out = set()
    for i in candidates:
        if not 0 <= i < len(doc.sentences):
            continue
        s, e = doc.sentences[i]
        line = doc.text[s:e].strip()
        before = doc.text[max(0, s - 1) : s]
        after = doc.text[e : e + 1]
        if (
            0 < len(line) <= 90
            and line[-1] not in '.!?。！？:："”'
            and before in ("", "\n")
            and after in ("", "\n")
        ):
            out.add(i)
    return frozenset(out)


_BASE_CONFIDENCE = {"ticker": 0.97, "alias": 0.85, "person": 0.7}


def _confidence(hits: list[_Hit]) -> float:
    miss = 1.0
    for h in hits:
        c = _BASE_CONFIDENCE.get(h.kind, 0.8)
        if any(e.context for e in h.entries):
            c = 0.55
        elif h.kind == "alias" and not any(e.curated for e in h.entries):
            c = 0.6
        miss *= 1.0 - c
    return round(min(0.99, 1.0 - miss), 4)


def _output_listings(company: Company, named: list[Listing], day: date | None) -> list[Listing]:
    """The company's listings on the day (OTC lines only when nothing else trades), and
    any listing the story named explicitly even if it has since ended."""
    active = company.listings_on(day)
    exchange = [lst for lst in active if lst.mic != "OTCM"] or active
    for lst in named:
        if lst not in exchange:
            exchange.append(lst)
    return exchange


_default: dict[bool, Linker] = {}


def get_linker(use_breadth: bool | None = None) -> Linker:
    """The process-wide linker over the bundled universe (built or loaded once)."""
    from tickerlens.settings import get_settings
    from tickerlens.universe.master import user_universe_dir

    settings = get_settings()
    breadth = settings.use_breadth if use_breadth is None else use_breadth
    if breadth not in _default:
        universe = load_universe(use_breadth=breadth, extra_dirs=[user_universe_dir()])
        _default[breadth] = Linker(universe, load_index(universe, settings.cache_dir))
        # The universe and the index are millions of objects that live as long as the
        # process. Left in the collector's view, every full collection walks them all
        # (about a tenth of linking time on a corpus); frozen, they are never scanned.
        # Loading leaves no garbage to collect first (a collection here finds none).
        gc.freeze()
    return _default[breadth]
