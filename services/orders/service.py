"""`OrderService`: every use case of the repair-order pipeline behind one object.

Construct one per DB session (one per update): `OrderService(session, clock, markup_percent=…)`.
Every use case opens the order unit of work (`unit_of_work.OrderWork`: load, lock, stale check,
authorise by the `pipeline`), changes the order and finishes it there (version, audit rows,
outbox step, notices, one commit). Every use case:
- takes the acting `Employee` first and checks his role on the server side; a refusal raises
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

from __future__ import annotations

from services.orders.creating import CreatingMixin
from services.orders.fulfilment import FulfilmentMixin
from services.orders.moves import MovesMixin
from services.orders.pricing import PricingMixin
from services.orders.task_actions import TaskActionsMixin


class OrderService(CreatingMixin, PricingMixin, FulfilmentMixin, MovesMixin, TaskActionsMixin):
    """All order use cases; see the module docstring for the contract they share."""
