"""A fixed, hand-computed shop history for November 2026 (Moscow time, UTC+3).

Every expected figure in EXPECTED is worked out by hand in the comments next to the rows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.reports.period import Period, PeriodKind, make_period
from services.storage.models import (
    Car,
    Client,
    Employee,
    EmployeeRole,
    Order,
    OrderPart,
    StageTask,
    StageTransition,
    WorkLine,
)

TZ = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # Wednesday 12:00 in Moscow
PERIOD: Period = make_period(PeriodKind.CUSTOM, date(2026, 11, 1), date(2026, 11, 30), TZ)

PP, LP, CA = "PARTS_PRICING", "LABOUR_PRICING", "CLIENT_APPROVAL"
PUR, AD, PIC = "PARTS_PURCHASE", "AWAITING_DELIVERY", "PRE_ISSUE_CHECK"
DONE, CANCELLED = "DONE", "CANCELLED"


def at(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


# order id → (created, final stage, [(stage entered, at)], cancel reason)
ORDERS = {
    # O1 done 05.11: stays PP 2h, LP 1h, CA 24h, PUR 1h, AD 42h, PIC 2h
    1: (
        at(11, 2, 10),
        DONE,
        [
            (PP, at(11, 2, 10)),
            (LP, at(11, 2, 12)),
            (CA, at(11, 2, 13)),
            (PUR, at(11, 3, 13)),
            (AD, at(11, 3, 14)),
            (PIC, at(11, 5, 8)),
            (DONE, at(11, 5, 10)),
        ],
        None,
    ),
    # O2 cancelled 11.11: PP 4h, LP 20h
    2: (
        at(11, 10, 9),
        CANCELLED,
        [(PP, at(11, 10, 9)), (LP, at(11, 10, 13)), (CANCELLED, at(11, 11, 9))],
        "Дорого",
    ),
    # O3 waits for parts: PP 1h, LP 2h, CA 24h, PUR 1h, AD open
    3: (
        at(11, 20, 8),
        AD,
        [
            (PP, at(11, 20, 8)),
            (LP, at(11, 20, 9)),
            (CA, at(11, 20, 11)),
            (PUR, at(11, 21, 11)),
            (AD, at(11, 21, 12)),
        ],
        None,
    ),
    # O4 opened in October: its PP stay ended 21.10 (not counted), LP 11 days ended 01.11
    4: (
        at(10, 20, 10),
        CA,
        [(PP, at(10, 20, 10)), (LP, at(10, 21, 10)), (CA, at(11, 1, 10))],
        None,
    ),
    # O5 done 24.11: PP 1h, LP 4h, CA 24h, PUR 1h, AD 7 days, PIC 18h
    5: (
        at(11, 15, 10),
        DONE,
        [
            (PP, at(11, 15, 10)),
            (LP, at(11, 15, 11)),
            (CA, at(11, 15, 15)),
            (PUR, at(11, 16, 15)),
            (AD, at(11, 16, 16)),
            (PIC, at(11, 23, 16)),
            (DONE, at(11, 24, 10)),
        ],
        None,
    ),
    # O6, O7 cancelled at pricing: PP 2h and 1h
    6: (at(11, 22, 10), CANCELLED, [(PP, at(11, 22, 10)), (CANCELLED, at(11, 22, 12))], "Дорого"),
    7: (
        at(11, 23, 10),
        CANCELLED,
        [(PP, at(11, 23, 10)), (CANCELLED, at(11, 23, 11))],
        "Клиент передумал",
    ),
    # O8 done in October: nothing of it counts
    8: (at(10, 1, 10), DONE, [(PP, at(10, 1, 10)), (DONE, at(10, 10, 10))], None),
}

# (order, name, qty, purchase, sale, status, vendor, expected, received)
PARTS = [
    (1, "Колодки", 2, "1000", "1300", "received", "Emex", date(2026, 11, 4), 2),
    (1, "Фильтр", 1, "500", "650", "received", "Emex", date(2026, 11, 4), 1),
    (1, "Стойка", 1, "999", "1299", "unavailable", None, None, 0),  # left out of money
    (5, "Диск", 1, "3100.50", "4030", "received", "Автодок", date(2026, 11, 20), 1),
    (5, "Свеча", 4, "250", None, "received", "Автодок", date(2026, 11, 20), 4),  # sale unpriced
    (8, "Масло", 5, "800", "1000", "received", "Emex", date(2026, 10, 5), 5),
    # O3, open: late Emex 3 and 5 days, Автодок 1 day (half in); one not due, one in
    (3, "Рычаг", 2, "2000", "2600", "ordered", "Emex", date(2026, 11, 22), 0),
    (3, "Втулка", 1, "300", "390", "ordered", "Emex", date(2026, 11, 20), 0),
    (3, "Пыльник", 2, "100", "130", "ordered", "Автодок", date(2026, 11, 24), 1),
    (3, "Болт", 4, "10", "13", "ordered", "Автодок", date(2026, 11, 26), 0),
    (3, "Гайка", 4, "5", "7", "received", "Emex", date(2026, 11, 10), 4),
    # O2 is cancelled: its late part does not count
    (2, "Шрус", 1, "5000", "6500", "ordered", "Emex", date(2026, 11, 12), 0),
]
WORKS = [
    (1, "Замена колодок", "1500"),
    (1, "Диагностика", "2000"),
    (5, "Замена диска", "3000"),
    (8, "Замена масла", "900"),
]

MASTER_ID, SUPPLIER_ID, HEAD_ID = 1, 2, 3
# (order, stage, role, assignee, status, overdue flag, deadline, closed_at)
TASKS = [
    (3, AD, "storekeeper", None, "open", False, at(11, 22, 12), None),  # pool, late now
    (4, CA, "master", MASTER_ID, "open", False, at(11, 2, 10), None),  # late now
    (4, CA, "master", MASTER_ID, "open", True, at(11, 26, 10), None),  # re-issued as overdue
    (1, PP, "supplier", SUPPLIER_ID, "done", False, at(11, 3, 10), at(11, 2, 12)),  # in time
    (5, AD, "storekeeper", SUPPLIER_ID, "done", False, at(11, 17, 16), at(11, 23, 16)),  # late
    (8, PP, "supplier", SUPPLIER_ID, "done", False, at(10, 2, 10), at(10, 10, 10)),  # October
    (3, PUR, "supplier", SUPPLIER_ID, "open", False, at(11, 26, 10), None),  # not due yet
]

EXPECTED = {
    "opened": 6,  # O1 O2 O3 O5 O6 O7
    "closed": 2,  # O1 O5
    "cancelled": 3,
    "cancel_reasons": [("Дорого", 2), ("Клиент передумал", 1)],
    "by_stage_now": {"NEW": 0, PP: 0, LP: 0, CA: 1, PUR: 0, AD: 1, PIC: 0},
    "funnel": {"NEW": 6, PP: 6, LP: 4, CA: 3, PUR: 3, AD: 3, PIC: 2, DONE: 2},
    # stage: (stays, average s, p90 s); p90 = percentile_cont(0.9), linear interpolation
    "stage_times": {
        PP: (6, 6600.0, 10800.0),  # 3600 3600 3600 7200 7200 14400: pos 5.5
        LP: (5, 209520.0, 599040.0),  # 3600 7200 14400 72000 950400: pos 4.6
        CA: (3, 86400.0, 86400.0),
        PUR: (3, 3600.0, 3600.0),
        AD: (2, 378000.0, 559440.0),  # 151200 604800: pos 1.9
        PIC: (2, 36000.0, 59040.0),  # 7200 64800: pos 1.9
    },
    # (name, pool role, late now, closed late in period)
    "overdue": [("Мастер", None, 2, 0), (None, "storekeeper", 1, 0), ("Снабженец", None, 0, 1)],
    # 2·1300 + 650 + 4030 + 0; 2·1000 + 500 + 3100.50 + 4·250; works 1500 + 2000 + 3000
    "parts_sale": Decimal("7280.00"),
    "parts_cost": Decimal("6600.50"),
    "parts_margin": Decimal("679.50"),
    "labour": Decimal("6500.00"),
    # O1 closed Thu 05.11 13:00 MSK → week of 02.11; O5 closed Tue 24.11 → week of 23.11
    "weeks": [
        (date(2026, 11, 2), Decimal("3250.00"), Decimal("2500.00"), Decimal("3500.00")),
        (date(2026, 11, 23), Decimal("4030.00"), Decimal("4100.50"), Decimal("3000.00")),
    ],
    "late_vendors": [("Emex", 2, 4.0, 5), ("Автодок", 1, 1.0, 1)],
}


async def load(session: AsyncSession) -> None:
    names = {
        MASTER_ID: ("Мастер", "master"),
        SUPPLIER_ID: ("Снабженец", "supplier"),
        HEAD_ID: ("Руководитель", "head"),
    }
    for emp_id, (name, role) in names.items():
        employee = Employee(id=emp_id, telegram_id=900 + emp_id, full_name=name)
        employee.roles = [EmployeeRole(role=role)]
        session.add(employee)
    session.add(Client(id=1, full_name="Клиент"))
    session.add(Car(id=1, vin=None, plate="А001АА77"))
    await session.flush()
    _add_orders(session)
    await session.flush()
    _add_moves(session)
    _add_parts_and_works(session)
    for order_id, stage, role, who, status, flag, deadline, closed_at in TASKS:
        session.add(
            StageTask(
                order_id=order_id,
                stage=stage,
                role=role,
                assignee_id=who,
                status=status,
                overdue=flag,
                created_at=at(10, 1),
                deadline=deadline,
                closed_at=closed_at,
            )
        )
    await session.commit()


def _add_orders(session: AsyncSession) -> None:
    for order_id, (created, stage, moves, reason) in ORDERS.items():
        closed = moves[-1][1] if stage in (DONE, CANCELLED) else None
        session.add(
            Order(
                id=order_id,
                stage=stage,
                client_id=1,
                car_id=1,
                master_id=MASTER_ID,
                created_at=created,
                stage_entered_at=moves[-1][1],
                closed_at=closed,
                cancel_reason=reason,
            )
        )


def _add_moves(session: AsyncSession) -> None:
    for order_id, (_, _, moves, reason) in ORDERS.items():
        previous = None
        for stage, when in moves:
            session.add(
                StageTransition(
                    order_id=order_id,
                    from_stage=previous,
                    to_stage=stage,
                    actor_id=MASTER_ID,
                    at=when,
                    reason=reason if stage == CANCELLED else None,
                )
            )
            previous = stage


def _add_parts_and_works(session: AsyncSession) -> None:
    for pos, (order_id, name, qty, buy, sell, status, vendor, expected, got) in enumerate(PARTS):
        session.add(
            OrderPart(
                order_id=order_id,
                position=pos,
                name=name,
                quantity=Decimal(qty),
                purchase_price=Decimal(buy),
                sale_price=sell and Decimal(sell),
                status=status,
                vendor=vendor,
                expected_date=expected,
                received_quantity=Decimal(got),
            )
        )
    for pos, (order_id, name, cost) in enumerate(WORKS):
        session.add(WorkLine(order_id=order_id, position=pos, name=name, cost=Decimal(cost)))
