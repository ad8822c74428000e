"""Dates and times as typed, and as shown."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.normalize.dates import format_date, format_datetime, parse_date, parse_time
from services.normalize.errors import InvalidDate, InvalidTime
from tests.fuzz import examples

TODAY = date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24.11", date(2026, 11, 24)),
        ("24.11.2026", date(2026, 11, 24)),
        ("24.11.26", date(2026, 11, 24)),
        ("24/11", date(2026, 11, 24)),
        ("24-11", date(2026, 11, 24)),
        ("4.1", date(2027, 1, 4)),
        ("20.11", TODAY),  # today is not past
        ("19.11", date(2027, 11, 19)),  # day.month already gone: next year
        ("29.02", date(2028, 2, 29)),
        ("2026-12-01", date(2026, 12, 1)),
        ("сегодня", TODAY),
        ("Завтра", TODAY + timedelta(days=1)),
        ("послезавтра", TODAY + timedelta(days=2)),
        ("today", TODAY),
        ("Tomorrow", TODAY + timedelta(days=1)),
        (" 24.11. ", date(2026, 11, 24)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("вчера", "format"),
        ("24", "format"),
        ("24.11.2026.1", "format"),
        ("24 ноября", "format"),
        ("31.02", "impossible"),
        ("31.04.2027", "impossible"),
        ("32.01", "impossible"),
        ("10.13", "impossible"),
        ("29.02.2027", "impossible"),
        ("19.11.2026", "past"),
        ("01.01.26", "past"),
        ("2025-12-01", "past"),
    ],
)
def test_parse_date_rejects(text: str, reason: str) -> None:
    with pytest.raises(InvalidDate) as err:
        parse_date(text, TODAY)
    assert err.value.reason == reason
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:00", time(10)),
        ("10.00", time(10)),
        ("10", time(10)),
        ("9:30", time(9, 30)),
        ("09:30", time(9, 30)),
        ("0:00", time(0)),
        ("23:59", time(23, 59)),
        ("в 10", time(10)),
        ("10ч", time(10)),
        ("10 30", time(10, 30)),
    ],
)
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty"), ("24:00", "format"), ("10:60", "format"), ("9:5", "format"),
     ("утром", "format"), ("1000", "format"), ("-1", "format")],
)  # fmt: skip
def test_parse_time_rejects(text: str, reason: str) -> None:
    with pytest.raises(InvalidTime) as err:
        parse_time(text)
    assert err.value.reason == reason


def test_format_date() -> None:
    assert format_date(date(2025, 11, 24), "ru") == "пн 24.11"
    assert format_date(date(2025, 11, 24), "en") == "Mon 24.11"
    assert format_date(date(2025, 11, 30), "en-US") == "Sun 30.11"
    assert format_date(date(2025, 11, 30), "de") == "вс 30.11"  # default language


def test_format_datetime_in_shop_zone() -> None:
    moscow = ZoneInfo("Europe/Moscow")
    at = datetime(2025, 11, 24, 7, 0, tzinfo=UTC)
    assert format_datetime(at, moscow, "ru") == "пн 24.11, 10:00"
    assert format_datetime(at, moscow, "en") == "Mon 24.11, 10:00"
    # Crossing midnight changes the weekday too.
    late = datetime(2025, 11, 23, 22, 30, tzinfo=UTC)
    assert format_datetime(late, moscow, "ru") == "пн 24.11, 01:30"
    assert format_datetime(late.replace(tzinfo=None), moscow, "ru") == "пн 24.11, 01:30"


@settings(max_examples=examples(300), deadline=None)
@given(today=st.dates(date(2000, 1, 1), date(2090, 1, 1)), ahead=st.integers(0, 3000))
def test_full_dates_round_trip(today: date, ahead: int) -> None:
    d = today + timedelta(days=ahead)
    assert parse_date(f"{d:%d.%m.%Y}", today) == d
    assert parse_date(format_date(d, "ru").split()[1], today) >= today


@settings(max_examples=examples(300), deadline=None)
@given(today=st.dates(date(2000, 1, 1), date(2090, 1, 1)), target=st.dates())
def test_day_month_is_next_occurrence(today: date, target: date) -> None:
    got = parse_date(f"{target.day}.{target.month}", today)
    assert (got.day, got.month) == (target.day, target.month)
    assert today <= got <= today + timedelta(days=366 * 8)


@settings(max_examples=examples(300), deadline=None)
@given(text=st.text(max_size=15) | st.text("0123456789./-: ", max_size=12))
def test_only_declared_errors_escape(text: str) -> None:
    with contextlib.suppress(InvalidDate):
        assert parse_date(text, TODAY) >= TODAY
    with contextlib.suppress(InvalidTime):
        parse_time(text)


@settings(max_examples=examples(200), deadline=None)
@given(h=st.integers(0, 23), m=st.integers(0, 59))
def test_time_round_trip(h: int, m: int) -> None:
    assert parse_time(f"{h}:{m:02d}") == time(h, m)
    assert parse_time(f"{time(h, m):%H.%M}") == time(h, m)
