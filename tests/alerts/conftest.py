"""Alert tests: a clock the test moves, a sleep that only moves it, the shop of five people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.alerts.jobs import AlertJobs
from bot.alerts.sender import Sender
from services.alerts.config import AlertSettings
from tests.dialogs.conftest import shop  # noqa: F401 - the shared fixture

TZ = ZoneInfo("Europe/Moscow")
ALWAYS_OPEN = {
    "work_hours_start": time(0, 0),
    "work_hours_end": time(23, 59, 59),
    "work_days": "1,2,3,4,5,6,7",
}


@dataclass
class FakeClock:
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    slept: list[float] = field(default_factory=list)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_jobs(session_factory, translator, harness, clock):  # type: ignore[no-untyped-def]
    def build(factory=None, **settings):  # type: ignore[no-untyped-def]
        config = AlertSettings(**{**ALWAYS_OPEN, **settings})
        sender = Sender(
            harness.bot, factory or session_factory, translator, clock=clock, sleep=clock.sleep
        )
        jobs = AlertJobs(
            factory or session_factory, translator, config, config.work_hours(TZ), sender, clock
        )
        return jobs, sender

    return build
