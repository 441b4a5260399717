from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tickerlens.serve.render import Mark, fmt_pct, fmt_when, highlight, paragraphs


class _Reader(HTMLParser):
    """Collects the text a browser would show and every tag it would build."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(html: str) -> _Reader:
    r = _Reader()
    r.feed(html)
    r.close()
    return r


def href(cid: str) -> str:
    return f"/company/{cid}"


def test_mentions_become_links_with_ticker_and_role_on_hover() -> None:
    text = "Nvidia fell while AMD rose."
    marks = [
        Mark(0, 6, "nvidia", "NVIDIA Corporation · NVDA · primary", "primary"),
        Mark(18, 21, "amd", "Advanced Micro Devices · AMD · secondary", "secondary"),
    ]
    r = _read(str(highlight(text, marks, href)))
    assert "".join(r.text) == text
    assert r.tags == [
        (
            "a",
            {
                "class": "mention role-primary",
                "href": "/company/nvidia",
                "title": "NVIDIA Corporation · NVDA · primary",
                "data-company": "nvidia",
            },
        ),
        (
            "a",
            {
                "class": "mention role-secondary",
                "href": "/company/amd",
                "title": "Advanced Micro Devices · AMD · secondary",
                "data-company": "amd",
            },
        ),
    ]


def test_markup_in_a_story_stays_text() -> None:
    text = "<script>alert(1)</script> Tesla <img src=x onerror=alert(2)> & co"
    start = text.index("Tesla")
    html = str(highlight(text, [Mark(start, start + 5, "tesla", 'Tesla "Inc" <b>', "primary")], href))
    assert "<script" not in html and "<img" not in html
    r = _read(html)
    assert "".join(r.text) == text
    assert [t for t, _ in r.tags] == ["a"]
    assert r.tags[0][1]["title"] == 'Tesla "Inc" <b>'


def test_overlapping_and_out_of_range_marks_are_skipped() -> None:
    text = "Ping An Bank and Ping An"
    marks = [
        Mark(0, 12, "ping-an-bank", "b", "primary"),
        Mark(0, 7, "ping-an", "p", "primary"),
        Mark(17, 24, "ping-an", "p", "passing"),
        Mark(20, 99, "x", "x", "passing"),
    ]
    r = _read(str(highlight(text, marks, href)))
    assert "".join(r.text) == text
    assert [a["data-company"] for _, a in r.tags] == ["ping-an-bank", "ping-an"]


def test_paragraphs_split_at_blank_lines_and_keep_offsets() -> None:
    text = "First Nvidia line.\nSecond line.\n\n  \nApple closes the story."
    a = text.index("Apple")
    out = paragraphs(
        text, [Mark(6, 12, "nvidia", "n", "primary"), Mark(a, a + 5, "apple", "a", "passing")], href
    )
    assert len(out) == 2
    assert str(out[0]) == (
        'First <a class="mention role-primary" href="/company/nvidia" title="n" '
        'data-company="nvidia">Nvidia</a> line.<br>\nSecond line.'
    )
    assert _read(str(out[1])).tags[0][1]["data-company"] == "apple"


@st.composite
def text_and_marks(draw: st.DrawFn) -> tuple[str, list[Mark]]:
    text = draw(st.text(alphabet=st.sampled_from([*list("ab <>&\"'\n/="), "英", "伟", "达"]), max_size=60))
    spans = draw(st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=6))
    marks = [Mark(s, e, "c<1>", 'h"<x>', "primary") for s, e in spans]
    return text, marks


@given(text_and_marks())
def test_highlighted_text_reads_as_the_original(case: tuple[str, list[Mark]]) -> None:
    """Whatever the text and the marks, the browser shows exactly the text, and the only
    elements are our mention links."""
    text, marks = case
    r = _read(str(highlight(text, marks, href)))
    assert "".join(r.text) == text
    assert all(tag == "a" and attrs["class"] == "mention role-primary" for tag, attrs in r.tags)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1.234, "+1.23%"), (-6.87, "\u22126.87%"), (0.0, "0.00%"), (-0.001, "0.00%"), (None, "—")],
    ids=["up", "down", "zero", "rounds-to-zero", "unknown"],
)
def test_percentages_carry_a_sign(value: float | None, shown: str) -> None:
    assert fmt_pct(value) == shown


def test_publication_times_in_utc_or_date_only() -> None:
    assert fmt_when(datetime(2025, 4, 16, 13, 30, tzinfo=UTC)) == "16 Apr 2025, 13:30 UTC"
    assert fmt_when(datetime(2025, 4, 16, tzinfo=UTC), "day") == "16 Apr 2025"
    assert fmt_when(None) == "date unknown"
    assert fmt_when(datetime(2025, 4, 6, tzinfo=UTC), "day") == "6 Apr 2025"
