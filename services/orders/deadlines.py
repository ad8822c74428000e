"""When a stage task is due: it follows what the stage waits for, so that a task nobody can
finish yet is not reported overdue.

* receiving (AWAITING_DELIVERY): the end of the working day of the latest expected delivery
  of the parts still awaited (delivery control watches the dates themselves), or of the next
  working day when that end is less than `RECEIVING_LEAD` away: parts ordered at 19:55 for
  delivery «сегодня» cannot be received and checked by 20:00;
* the pre-issue check: the booked appointment, when that is later than the usual 24 hours;
* every other stage (pricing, approval, purchase): 24 hours, work that can be done at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from services.alerts.config import AlertSettings, WorkHours
from services.orders.parts import PART_ORDERED, missing_quantity
from services.orders.stages import Stage
from services.orders.tasks import DEFAULT_TASK_TTL
from services.storage.models import Order

# For services built without the shop's settings (tests, tools): the settings' own defaults
# (SHOP_TIMEZONE is Europe/Moscow by default), read without the environment.
DEFAULT_WORK_HOURS = AlertSettings.model_construct().work_hours(ZoneInfo("Europe/Moscow"))
# The least time a storekeeper gets to receive and check a delivery before receiving is due.
RECEIVING_LEAD = timedelta(hours=4)


@dataclass(frozen=True)
class Deadlines:
    hours: WorkHours = DEFAULT_WORK_HOURS
    ttl: timedelta = DEFAULT_TASK_TTL

    def due(self, order: Order, stage: Stage, now: datetime) -> datetime:
        """The deadline of a task of `stage` opened (or re-planned) at `now`."""
        at_once = now + self.ttl
        if stage is Stage.AWAITING_DELIVERY:
            dates = [
                p.expected_date
                for p in order.parts
                if p.status == PART_ORDERED and p.expected_date and missing_quantity(p) > 0
            ]
            if not dates:
                return at_once
            return self.hours.end_of_work(max(dates), now + RECEIVING_LEAD)
        if stage is Stage.PRE_ISSUE_CHECK and order.appointment_at is not None:
            return max(at_once, order.appointment_at)
        return at_once
