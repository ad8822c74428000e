"""What a director's report holds: plain values, ready for text, charts and a workbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from services.reports.period import Period


@dataclass(frozen=True)
class StageTime:
    stage: str
    stays: int  # completed stays that ended in the period
    avg_seconds: float
    p90_seconds: float


@dataclass(frozen=True)
class OverdueRow:
    employee_id: int | None  # None: the task waits in its role's pool
    name: str | None
    role: str | None  # the pool's role when nobody holds the task
    overdue_now: int  # open tasks past their deadline (or re-issued as overdue)
    closed_late: int  # tasks done in the period after their deadline


@dataclass(frozen=True)
class WeekRevenue:
    week_start: date  # Monday, local
    parts_sale: Decimal
    parts_cost: Decimal
    labour: Decimal

    @property
    def total(self) -> Decimal:
        return self.parts_sale + self.labour


@dataclass(frozen=True)
class VendorLate:
    vendor: str
    parts: int  # ordered parts not (fully) in after their expected date
    avg_days_late: float
    max_days_late: int


@dataclass(frozen=True)
class Money:
    parts_sale: Decimal
    parts_cost: Decimal
    labour: Decimal

    @property
    def parts_margin(self) -> Decimal:
        return self.parts_sale - self.parts_cost

    @property
    def revenue(self) -> Decimal:
        return self.parts_sale + self.labour


@dataclass(frozen=True)
class Report:
    period: Period
    generated_at: datetime
    opened: int
    closed: int  # done in the period
    cancelled: int
    cancel_reasons: list[tuple[str, int]]  # most frequent first
    by_stage_now: dict[str, int]  # open orders at each stage now, pipeline order
    funnel: dict[str, int]  # orders opened in the period that reached each stage
    stage_times: list[StageTime]
    overdue: list[OverdueRow]
    money: Money  # orders done in the period; unavailable parts left out
    weeks: list[WeekRevenue] = field(default_factory=list)
    late_vendors: list[VendorLate] = field(default_factory=list)
