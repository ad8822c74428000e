"""The use cases of the repair-order pipeline, one function each, grouped by job.

    work = OrderWork(session, clock, Deadlines(hours), notice_queue=notifier)  # one per update
    result = await approve_labour(work, head, order_id, seen_stage=Stage.LABOUR_PRICING)

Every use case takes the order unit of work (`unit_of_work.OrderWork`: the session, the clock,
the deadlines and the notice queue) first, and whatever else it depends on as named parameters
(`price_part(..., markup_percent=...)`). It opens the order there (load, lock, stale check,
authorise by the `pipeline`), changes it and finishes it there (version, audit rows, outbox
step, notices, one commit); a refusal ends the transaction (`ends_on_refusal`). Every use case:
- takes the acting `Employee` next and checks his role on the server side; a refusal raises
  `Forbidden("error-forbidden")`, writes an "access.refused" audit row (committed) and changes
  nothing;
- takes the stage (`seen_stage`, and optionally `seen_version`) the caller's screen showed;
  if the order has moved on it raises `StaleAction("order-error-stale", stage=<current>)`;
- commits once, bumps `Order.version` (task claims excepted) and returns a `StepResult`
  whose `notices` the caller delivers (one per recipient, never to the actor).
Any other refusal is a `DomainError` whose `key` is a localisation key and `params` its values.

Stage work (price_part, add_works, receive_part, …) takes the stage's open task for the actor
when it is unclaimed, and is refused with "task-error-taken" when someone else holds it
(the director may act on anyone's task). The rules are in `pipeline`.
"""

from services.orders.use_cases.creating import NewClient, create_order, take_in
from services.orders.use_cases.fulfilment import (
    client_refused,
    confirm_pre_issue,
    receive_part,
    record_client_approval,
    set_parts_order,
)
from services.orders.use_cases.moves import (
    cancel,
    complete_purchase,
    complete_stage,
    director_move,
    move_back,
    move_to,
)
from services.orders.use_cases.pricing import (
    add_works,
    approve_labour,
    mark_part_unavailable,
    price_part,
    remove_work,
)
from services.orders.use_cases.task_actions import claim_task, reassign_task

__all__ = [
    "NewClient",
    "add_works",
    "approve_labour",
    "cancel",
    "claim_task",
    "client_refused",
    "complete_purchase",
    "complete_stage",
    "confirm_pre_issue",
    "create_order",
    "director_move",
    "mark_part_unavailable",
    "move_back",
    "move_to",
    "price_part",
    "reassign_task",
    "receive_part",
    "record_client_approval",
    "remove_work",
    "set_parts_order",
    "take_in",
]
