"""What every order use case holds: its dependencies and the order unit of work."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from services.alerts.config import WorkHours
from services.clock import Clock, system_clock
from services.orders.deadlines import DEFAULT_WORK_HOURS, Deadlines
from services.orders.notices import NoticeQueue
from services.orders.tasks import DEFAULT_TASK_TTL
from services.orders.totals import DEFAULT_MARKUP_PERCENT
from services.orders.unit_of_work import OrderWork


class OrderServiceBase:
    def __init__(
        self,
        session: AsyncSession,
        clock: Clock = system_clock,
        *,
        markup_percent: Decimal = DEFAULT_MARKUP_PERCENT,
        task_ttl: timedelta = DEFAULT_TASK_TTL,
        hours: WorkHours = DEFAULT_WORK_HOURS,
        notice_queue: NoticeQueue | None = None,
    ) -> None:
        self.session = session
        self.clock = clock
        self.markup_percent = markup_percent
        # The shop's work hours: receiving is due at the end of a working day.
        self.deadlines = Deadlines(hours, task_ttl)
        self.work = OrderWork(session, clock, self.deadlines, notice_queue)
