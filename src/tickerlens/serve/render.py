"""Story text with its company mentions highlighted, and the number formats of the pages.

A story is untrusted input. The highlighted HTML is built from the stored mention
offsets by escaping every slice of text on its own and adding only our own tags around
the mentions, so nothing in a story can become markup, whatever it contains.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from markupsafe import Markup, escape

from tickerlens.store.queries import StoredArticle

__all__ = ["Mark", "fmt_date", "fmt_pct", "fmt_when", "highlight", "marks_of", "paragraphs"]


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    company_id: str
    hover: str  # "NVIDIA Corporation · NVDA · primary"
    role: str


def marks_of(article: StoredArticle, in_title: bool) -> list[Mark]:
    """The mentions in the title (``in_title``) or in the text, as marks to draw."""
    out: list[Mark] = []
    for lk in article.links:
        tickers = ", ".join(lk.tickers) or "not listed"
        hover = f"{lk.name} · {tickers} · {lk.role}"
        out.extend(
            Mark(m.start, m.end, lk.company_id, hover, lk.role) for m in lk.mentions if m.in_title == in_title
        )
    return out


def _usable(text: str, marks: Iterable[Mark]) -> list[Mark]:
    """Marks inside the text, first come first served where they overlap (longer first
    at the same start)."""
    kept: list[Mark] = []
    end = 0
    for m in sorted(marks, key=lambda m: (m.start, -m.end)):
        if 0 <= m.start < m.end <= len(text) and m.start >= end:
            kept.append(m)
            end = m.end
    return kept


def highlight(text: str, marks: Iterable[Mark], href: Callable[[str], str]) -> Markup:
    """``text`` as HTML with each mark wrapped in a link to its company."""
    parts: list[str] = []
    pos = 0
    for m in _usable(text, marks):
        parts.append(escape(text[pos : m.start]))
        parts.append(
            Markup('<a class="mention role-{}" href="{}" title="{}" data-company="{}">{}</a>').format(
                m.role, href(m.company_id), m.hover, m.company_id, text[m.start : m.end]
            )
        )
        pos = m.end
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)


_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def paragraphs(text: str, marks: Iterable[Mark], href: Callable[[str], str]) -> list[Markup]:
    """The text's paragraphs (split at blank lines), each highlighted; single line breaks
    inside a paragraph become ``<br>``. A mark across a paragraph break is not drawn."""
    usable = _usable(text, marks)
    out: list[Markup] = []
    start = 0
    bounds = [(b.start(), b.end()) for b in _BREAK.finditer(text)] + [(len(text), len(text))]
    for stop, resume in bounds:
        inside = [
            Mark(m.start - start, m.end - start, m.company_id, m.hover, m.role)
            for m in usable
            if start <= m.start and m.end <= stop
        ]
        chunk = text[start:stop]
        if chunk.strip():
            html = highlight(chunk, inside, href)
            out.append(Markup(html.replace("\n", Markup("<br>\n"))))
        start = resume
    return out


def fmt_pct(value: float | None, digits: int = 2) -> str:
    """+1.23% / −4.50% (a true minus sign), or an em dash when unknown."""
    if value is None:
        return "—"
    shown = f"{abs(value):.{digits}f}%"
    if round(value, digits) == 0:
        return shown
    return ("+" if value > 0 else "\u2212") + shown


def fmt_date(value: date | None) -> str:
    return value.strftime("%d %b %Y").lstrip("0") if value else "—"


def fmt_when(value: datetime | None, precision: str | None = None) -> str:
    """A publication time in UTC; only the date when the source gave only a date."""
    if value is None:
        return "date unknown"
    utc = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if precision == "day":
        return fmt_date(utc.date())
    return f"{fmt_date(utc.date())}, {utc:%H:%M} UTC"
