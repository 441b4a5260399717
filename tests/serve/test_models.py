"""The request models refuse what the document does not allow, before pydantic's lax
parsing turns it into something else."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tickerlens.serve.models import PageStory, TextStory


@pytest.mark.parametrize("value", [0, 1.5, "0", ".5", "-1", " 12 ", "1700000000", "+5"])
def test_a_number_is_not_a_publication_date(value: object) -> None:
    with pytest.raises(ValidationError, match="must be written as a date or time string"):
        TextStory(text="Acme rose", published=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["2025-04-19", "2025-04-19T20:15:00+08:00"])
def test_dates_and_times_are_read(value: str) -> None:
    assert PageStory(html="<p>Acme rose</p>", published=value).published is not None  # type: ignore[arg-type]
