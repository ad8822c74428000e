from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> datetime:
        self.now += timedelta(**delta) if delta else timedelta(minutes=1)
        return self.now


@dataclass(frozen=True)
class FakeVinInfo:
    make: str | None
    model: str | None
    year: int | None


# Fixed answers keep the service tests independent of the real decoder's tables.
FAKE_VINS = {
    "WBA3A5C55DF123456": FakeVinInfo("BMW", "3 Series", 2013),
    "XTA21099043578954": FakeVinInfo("LADA", None, 2004),
}


def fake_decoder(vin: str) -> FakeVinInfo | None:
    return FAKE_VINS.get(vin)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
