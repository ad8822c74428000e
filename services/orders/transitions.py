"""The transition table: who may move an order from where to where, and what must hold first.

Plain Python over the model objects, no database access; the use cases ask this module and
then do the move. The director appears in every rule; `director_move` in the service may also
force a move that has no rule or whose guard does not hold (never for a closed order).

Forward moves go one stage at a time. Back moves go to any earlier open stage except NEW and
always need a reason; so does cancelling, allowed from every open stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from services.errors import DomainError
from services.orders.parts import is_available, is_ordered, is_priced
from services.orders.stages import (
    CLOSED_STAGES,
    OPEN_STAGES,
    PIPELINE,
    STAGE_OWNER,
    Stage,
    index,
    next_stage,
)
from services.roles import Role
from services.storage.models import Order


class MoveKind(StrEnum):
    FORWARD = "forward"
    BACK = "back"
    CANCEL = "cancel"


@dataclass(frozen=True)
class Guard:
    """A condition on the order; `error_key` is raised when it does not hold."""

    check: Callable[[Order], bool]
    error_key: str


@dataclass(frozen=True)
class Rule:
    source: Stage
    target: Stage
    kind: MoveKind
    roles: frozenset[Role]
    guard: Guard | None = None

    @property
    def needs_reason(self) -> bool:
        return self.kind is not MoveKind.FORWARD


PARTS_PRICED = Guard(
    lambda o: all(is_priced(p) for p in o.parts if is_available(p)),
    "order-error-parts-not-priced",
)
LABOUR_APPROVED = Guard(lambda o: o.labour_approved, "order-error-labour-not-approved")
CLIENT_APPROVED = Guard(
    lambda o: o.client_approved_at is not None and o.appointment_at is not None,
    "order-error-no-client-approval",
)
PARTS_ORDERED = Guard(
    lambda o: all(is_ordered(p) for p in o.parts if is_available(p)),
    "order-error-parts-not-ordered",
)
PARTS_RECEIVED = Guard(
    lambda o: all(p.received_quantity >= p.quantity for p in o.parts if is_available(p)),
    "order-error-parts-not-received",
)

# What must hold to leave each stage forwards (NEW and PRE_ISSUE_CHECK need nothing).
EXIT_GUARDS: dict[Stage, Guard] = {
    Stage.PARTS_PRICING: PARTS_PRICED,
    Stage.LABOUR_PRICING: LABOUR_APPROVED,
    Stage.CLIENT_APPROVAL: CLIENT_APPROVED,
    Stage.PARTS_PURCHASE: PARTS_ORDERED,
    Stage.AWAITING_DELIVERY: PARTS_RECEIVED,
}

# A stage entered forwards with nothing to do in it is passed through at once (and recorded):
# an order without parts skips pricing them, one with no part to buy skips purchase and delivery.
NOTHING_TO_DO: dict[Stage, Callable[[Order], bool]] = {
    Stage.PARTS_PRICING: lambda o: not o.parts,
    Stage.PARTS_PURCHASE: lambda o: not any(is_available(p) for p in o.parts),
    Stage.AWAITING_DELIVERY: lambda o: not any(is_available(p) for p in o.parts),
}

# The master speaks for the client ("he changed the list"), so he may send an order back from
# any stage; the supplier may pull one back from delivery when a vendor lets him down.
_BACK_EXTRA: dict[Stage, frozenset[Role]] = {Stage.AWAITING_DELIVERY: frozenset({Role.SUPPLIER})}
CANCEL_ROLES: frozenset[Role] = frozenset({Role.MASTER, Role.HEAD, Role.DIRECTOR})


def _build_table() -> dict[tuple[Stage, Stage], Rule]:
    rules: list[Rule] = []
    for source in OPEN_STAGES:
        owner = STAGE_OWNER[source]
        rules.append(
            Rule(
                source,
                next_stage(source),
                MoveKind.FORWARD,
                frozenset({owner, Role.DIRECTOR}),
                EXIT_GUARDS.get(source),
            )
        )
        back_roles = frozenset({owner, Role.MASTER, Role.DIRECTOR}) | _BACK_EXTRA.get(
            source, frozenset()
        )
        for target in OPEN_STAGES[1 : index(source)]:
            rules.append(Rule(source, target, MoveKind.BACK, back_roles))
        rules.append(Rule(source, Stage.CANCELLED, MoveKind.CANCEL, CANCEL_ROLES))
    return {(r.source, r.target): r for r in rules}


TABLE: dict[tuple[Stage, Stage], Rule] = _build_table()


def rule_for(source: Stage | str, target: Stage | str) -> Rule:
    """The rule for this move; DomainError when the order is closed or no such move exists."""
    source, target = Stage(source), Stage(target)
    if source in CLOSED_STAGES:
        raise DomainError("order-error-closed", stage=source.value)
    rule = TABLE.get((source, target))
    if rule is None:
        raise DomainError("order-error-bad-move", stage=source.value, target=target.value)
    return rule


def may(rule: Rule, roles: frozenset[str]) -> bool:
    return any(role in roles for role in rule.roles)


def check_guard(guard: Guard | None, order: Order) -> None:
    if guard is not None and not guard.check(order):
        raise DomainError(guard.error_key, stage=order.stage)


MAX_REASON_LENGTH = 500  # the width of the reason columns


def check_reason(kind: MoveKind, reason: str | None) -> str | None:
    """The reason, stripped; DomainError when a back move or a cancellation has none, or when
    it is longer than the history can keep."""
    cleaned = (reason or "").strip() or None
    if kind is not MoveKind.FORWARD and cleaned is None:
        raise DomainError("order-error-reason-required")
    if cleaned is not None and len(cleaned) > MAX_REASON_LENGTH:
        raise DomainError("order-error-reason-too-long", limit=MAX_REASON_LENGTH)
    return cleaned


def classify(source: Stage, target: Stage) -> MoveKind:
    """The kind of any move between open-or-closed stages, as `director_move` needs it."""
    if target is Stage.CANCELLED:
        return MoveKind.CANCEL
    return MoveKind.BACK if PIPELINE.index(target) < index(source) else MoveKind.FORWARD
