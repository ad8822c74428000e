"""Report periods: calendar periods in the shop's zone, typed dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.errors import DomainError
from services.reports.period import PeriodKind, current_period, parse_custom
from tests.reports.dataset import TZ

NOW = datetime(2026, 11, 25, 22, 30, tzinfo=UTC)  # already Thursday 26.11 in Moscow


def test_current_periods_follow_the_shop_clock():
    today = current_period(PeriodKind.TODAY, NOW, TZ)
    assert today.first_day == today.last_day == date(2026, 11, 26)
    assert today.start == datetime(2026, 11, 25, 21, 0, tzinfo=UTC)
    assert today.end == datetime(2026, 11, 26, 21, 0, tzinfo=UTC)
    assert current_period(PeriodKind.WEEK, NOW, TZ).first_day == date(2026, 11, 23)
    assert current_period(PeriodKind.MONTH, NOW, TZ).first_day == date(2026, 11, 1)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("01.11.2026 - 15.11.2026", date(2026, 11, 1), date(2026, 11, 15)),
        ("1.11-15.11", date(2026, 11, 1), date(2026, 11, 15)),
        ("15.11.26 — 01.11.26", date(2026, 11, 1), date(2026, 11, 15)),
        ("05.11", date(2026, 11, 5), date(2026, 11, 5)),
    ],
)
def test_typed_dates(text, first, last):
    period = parse_custom(text, NOW, TZ)
    assert (period.first_day, period.last_day) == (first, last)


@pytest.mark.parametrize("text", ["вчера", "31.02.2026", "01.01.2000 - 01.01.2026"])
def test_bad_dates(text):
    with pytest.raises(DomainError):
        parse_custom(text, NOW, TZ)
