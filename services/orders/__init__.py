"""The repair-order pipeline (domain layer, no Telegram): use cases, rules, queries.

    from services.orders import OrderQueries, OrderWork, Stage
    from services.orders.use_cases import price_part

    work = OrderWork(session, clock)  # the unit of work: one per DB session (one per update)
    result = await price_part(work, supplier, order_id, part_id, purchase_price=Decimal(3100),
                              vendor="Emex", delivery_days=3, markup_percent=Decimal(30),
                              seen_stage=Stage.PARTS_PRICING)
    for notice in result.notices: ...   # deliver after the call returns (it has committed)

See `use_cases` for the use cases and the contract they share, `pipeline` for the rules
(stages, owners, moves, `actions`), `unit_of_work` for how a use case opens and finishes an
order (and `mover` for how it moves one), `totals` for money, `queries` for the read side,
`notices` for what to tell whom.
"""

from services.orders.inputs import MediaInput, PartInput
from services.orders.notices import Notice, NoticeKind, StepResult
from services.orders.phones import may_see_phone, visible_phone
from services.orders.pipeline import STAGE_OWNER, TABLE, Action, MoveKind, Rule, actions
from services.orders.queries import OrderQueries
from services.orders.stages import CLOSED_STAGES, OPEN_STAGES, PIPELINE, Stage
from services.orders.totals import OrderTotals, compute_totals, default_sale_price
from services.orders.unit_of_work import OrderWork
from services.orders.use_cases.creating import NewClient
from services.orders.views import (
    OrderCard,
    OrderRow,
    Shortage,
    TaskRow,
    TaskView,
    TransitionRow,
)
from services.paging import Page

__all__ = [
    "CLOSED_STAGES",
    "OPEN_STAGES",
    "PIPELINE",
    "STAGE_OWNER",
    "TABLE",
    "Action",
    "MediaInput",
    "MoveKind",
    "NewClient",
    "Notice",
    "NoticeKind",
    "OrderCard",
    "OrderQueries",
    "OrderRow",
    "OrderTotals",
    "OrderWork",
    "Page",
    "PartInput",
    "Rule",
    "Shortage",
    "Stage",
    "StepResult",
    "TaskRow",
    "TaskView",
    "TransitionRow",
    "actions",
    "compute_totals",
    "default_sale_price",
    "may_see_phone",
    "visible_phone",
]
