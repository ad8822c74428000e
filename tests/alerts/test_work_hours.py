"""Work hours from the environment, and when a non-urgent alert may go out."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.settings import ConfigError, load_settings
from services.alerts.config import AlertSettings

TZ = ZoneInfo("Europe/Moscow")


def test_settings_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("BOT_TOKEN", "123456789:AAH-test-token-abcdefghijklmnopqrstu")
    monkeypatch.setenv("WORK_HOURS_START", "08:30")
    monkeypatch.setenv("WORK_DAYS", "1,2,3,4,5")
    settings = load_settings(tmp_path / "none.env")
    assert settings.alerts.work_hours_start == time(8, 30)
    assert settings.alerts.work_days == "1,2,3,4,5"
    monkeypatch.setenv("WORK_DAYS", "1,8")
    with pytest.raises(ConfigError, match=r"^WORK_DAYS comma-separated ISO weekdays"):
        load_settings(tmp_path / "none.env")


def test_defer_to_the_next_working_morning():
    hours = AlertSettings(work_days="1,2,3,4,5,6").work_hours(TZ)
    saturday_night = datetime(2026, 11, 28, 21, 0, tzinfo=TZ).astimezone(UTC)
    monday_nine = datetime(2026, 11, 30, 9, 0, tzinfo=TZ).astimezone(UTC)
    assert hours.defer(saturday_night) == monday_nine  # Sunday is off
    during = datetime(2026, 11, 30, 12, 0, tzinfo=TZ).astimezone(UTC)
    assert hours.defer(during) == during
    early = datetime(2026, 11, 30, 7, 0, tzinfo=TZ).astimezone(UTC)
    assert hours.defer(early) == monday_nine


def test_end_of_work_is_of_a_working_day_and_not_past():
    hours = AlertSettings(work_hours_end=time(18, 0), work_days="1,2,3,4,5").work_hours(TZ)
    friday_noon = datetime(2026, 11, 27, 12, 0, tzinfo=TZ).astimezone(UTC)
    at_18 = lambda d: datetime(2026, 11, d, 18, 0, tzinfo=TZ).astimezone(UTC)  # noqa: E731
    assert hours.end_of_work(friday_noon.date(), friday_noon) == at_18(27)
    # A Saturday delivery can be received on Monday.
    assert hours.end_of_work(datetime(2026, 11, 28).date(), friday_noon) == at_18(30)
    # A date already past, or a day whose work has ended: the next end still ahead.
    friday_evening = datetime(2026, 11, 27, 19, 0, tzinfo=TZ).astimezone(UTC)
    assert hours.end_of_work(datetime(2026, 11, 20).date(), friday_evening) == at_18(30)
