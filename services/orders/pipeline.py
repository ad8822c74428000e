"""The repair-order pipeline in one place: who may do what at which stage, and where it goes.

Plain Python over the model objects (no database, no Telegram). For each stage: its owner
role, the work done in it and what must hold to leave it, the next stage, the back and cancel
rules, and what a move does to the order's approvals, parts and flags. Every screen, use case
and the CRM sync ask `actions` (which buttons may this person use now), `after_work` (does this
step of stage work move the order, and where), `move_use` (which use case carries out a move to
a given stage) and `rule_for`; nothing else decides a move or a permission.

Forward moves go one stage at a time. Back moves go to any earlier open stage except NEW
(some roles less far: `BACK_LIMITS`) and always need a reason; so does cancelling, allowed
from every open stage. The director appears in every rule and may also force a move that has
no rule (never for a closed order).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from services.errors import DomainError
from services.orders.parts import is_available, is_ordered, is_priced, return_flag
from services.orders.stages import (
    CLOSED_STAGES,
    OPEN_STAGES,
    PIPELINE,
    Stage,
    index,
    is_open,
    next_stage,
)
from services.staff.roles import Role
from services.storage.models import Order

# Who does the work of a stage: that role gets the stage's task and may complete the stage.
STAGE_OWNER: dict[Stage, Role] = {
    Stage.NEW: Role.MASTER,
    Stage.PARTS_PRICING: Role.SUPPLIER,
    Stage.LABOUR_PRICING: Role.HEAD,
    Stage.CLIENT_APPROVAL: Role.MASTER,
    Stage.PARTS_PURCHASE: Role.SUPPLIER,
    Stage.AWAITING_DELIVERY: Role.STOREKEEPER,
    Stage.PRE_ISSUE_CHECK: Role.MASTER,
}
# NEW is left within the same use case that creates the order, so it never gets a task.
TASK_STAGES: frozenset[Stage] = frozenset(STAGE_OWNER) - {Stage.NEW}
# These stages are the order's own master's job, so their task goes to him, not to all masters.
MASTER_OWN_STAGES: frozenset[Stage] = frozenset({Stage.CLIENT_APPROVAL, Stage.PRE_ISSUE_CHECK})


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
BACK_EXTRA: dict[Stage, frozenset[Role]] = {Stage.AWAITING_DELIVERY: frozenset({Role.SUPPLIER})}
CANCEL_ROLES: frozenset[Role] = frozenset({Role.MASTER, Role.HEAD, Role.DIRECTOR})
# Forcing a move past the rules and giving someone's task to another: the director's alone.
DIRECTOR_ONLY: frozenset[Role] = frozenset({Role.DIRECTOR})


# domain.md lets an order be sent back "to an earlier stage" without saying how far each role
# may send it. The storekeeper owns delivery only to receive the parts: what he can find wrong
# there is the purchase that feeds it, so from delivery he sends the order back to the purchase
# alone; a repricing or a new talk with the client is the supplier's, the master's or the
# director's call.
BACK_LIMITS: dict[tuple[Stage, Role], frozenset[Stage]] = {
    (Stage.AWAITING_DELIVERY, Role.STOREKEEPER): frozenset({Stage.PARTS_PURCHASE}),
}


def back_roles(source: Stage, target: Stage | str | None = None) -> frozenset[Role]:
    """Who may send an order back from `source`: to some earlier stage but NEW, or to
    `target` when given."""
    owner = STAGE_OWNER[source]
    roles = {owner, Role.MASTER, Role.DIRECTOR} | BACK_EXTRA.get(source, frozenset())
    if target is not None:
        # A role with a limit from `source` may send the order only where the limit says.
        roles = {r for r in roles if Stage(target) in BACK_LIMITS.get((source, r), OPEN_STAGES)}
    return frozenset(roles)


def _build_table() -> dict[tuple[Stage, Stage], Rule]:
    rules: list[Rule] = []
    for source in OPEN_STAGES:
        owner = STAGE_OWNER[source]
        forward_roles = frozenset({owner, Role.DIRECTOR})
        guard = EXIT_GUARDS.get(source)
        rules.append(Rule(source, next_stage(source), MoveKind.FORWARD, forward_roles, guard))
        for target in back_targets(source):
            rules.append(Rule(source, target, MoveKind.BACK, back_roles(source, target)))
        rules.append(Rule(source, Stage.CANCELLED, MoveKind.CANCEL, CANCEL_ROLES))
    return {(r.source, r.target): r for r in rules}


def back_targets(source: Stage | str, roles: Collection[str] | None = None) -> tuple[Stage, ...]:
    """The stages an order may be sent back to from `source`: earlier ones, never NEW; with
    `roles`, only those someone holding them may send it to."""
    stage = Stage(source)
    earlier = OPEN_STAGES[1 : index(stage)] if is_open(stage) else ()
    if roles is None:
        return earlier
    return tuple(t for t in earlier if allowed(back_roles(stage, t), roles))


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


def forward_rule(source: Stage | str) -> Rule:
    """The rule for completing the stage `source` (DomainError for a closed order)."""
    stage = Stage(source)
    return rule_for(stage, next_stage(stage) if is_open(stage) else stage)


def back_rule(source: Stage | str, target: Stage | str) -> Rule:
    """The rule for sending the order back from `source` to `target`; DomainError when that
    is no move back."""
    rule = rule_for(source, target)
    if rule.kind is not MoveKind.BACK:
        raise DomainError("order-error-bad-move", stage=str(source), target=str(target))
    return rule


def allowed(needed: Collection[Role], roles: Collection[str]) -> bool:
    """Whether someone with `roles` holds one of `needed`; the director holds every role."""
    return any(role in roles for role in (*needed, Role.DIRECTOR))


def may(rule: Rule, roles: Collection[str]) -> bool:
    return allowed(rule.roles, roles)


def check_guard(guard: Guard | None, order: Order) -> None:
    if guard is not None and not guard.check(order):
        raise DomainError(guard.error_key, stage=order.stage)


def exit_holds(order: Order) -> bool:
    """Whether what must hold to leave the order's stage forwards holds now."""
    guard = EXIT_GUARDS.get(Stage(order.stage))
    return guard is None or guard.check(order)


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


# Stage work: the steps people take inside a stage, and when such a step moves the order.


@dataclass(frozen=True)
class StageWork:
    """One kind of step of a stage's work. `home`: the stage it is the work of (its owner does
    it); `also`: other stages it may be done in; `ends_stage`: the step itself is the stage's
    exit (the head's approval), rather than the step that makes the exit condition hold;
    `target`: where the step sends the order instead of the next stage (a refusal)."""

    name: str  # the journal's name of the attempt ("labour.approve")
    home: Stage
    also: frozenset[Stage] = frozenset()
    ends_stage: bool = False
    target: Stage | None = None

    @property
    def role(self) -> Role:
        return STAGE_OWNER[self.home]

    @property
    def stages(self) -> frozenset[Stage]:
        return self.also | {self.home}


OPEN_ORDER = StageWork("order.create", Stage.NEW, ends_stage=True)
PRICE_PART = StageWork("part.price", Stage.PARTS_PRICING)
MARK_UNAVAILABLE = StageWork("part.unavailable", Stage.PARTS_PRICING)
ADD_WORKS = StageWork("work.add", Stage.LABOUR_PRICING)
REMOVE_WORK = StageWork("work.remove", Stage.LABOUR_PRICING)
APPROVE_LABOUR = StageWork("labour.approve", Stage.LABOUR_PRICING, ends_stage=True)
APPROVE_BY_CLIENT = StageWork("client.approve", Stage.CLIENT_APPROVAL, ends_stage=True)
REFUSED_BY_CLIENT = StageWork("client.refuse", Stage.CLIENT_APPROVAL, target=Stage.CANCELLED)
# The supplier also gives a new delivery date while the storekeeper waits for the parts.
ORDER_PARTS = StageWork("part.order", Stage.PARTS_PURCHASE, frozenset({Stage.AWAITING_DELIVERY}))
RECEIVE_PART = StageWork("part.receive", Stage.AWAITING_DELIVERY)
CONFIRM_ISSUE = StageWork("order.issue", Stage.PRE_ISSUE_CHECK, ends_stage=True)


def check_work_stage(work: StageWork, order: Order) -> None:
    if order.stage not in work.stages:
        raise DomainError("order-error-wrong-stage", stage=order.stage, order_id=order.id)


def takes_task(work: StageWork, order: Order) -> bool:
    """A step of the stage's own work takes its task; a step of another stage's work (a new
    delivery date while the storekeeper holds the receiving task) leaves it."""
    return order.stage == work.home


def after_work(
    order: Order, work: StageWork, was_done: bool, *, finish: bool = False
) -> Stage | None:
    """Where a step of `work` just done sends the order, None to stay.

    The step that makes the stage's exit condition hold moves the order on; after a move back
    the condition may have held already, and then corrections stay, unless the caller is the
    walk through the stage's work, which ends it (`finish`). A step that ends the stage moves
    on once its exit condition holds (DomainError when not)."""
    if work.target is not None:
        return work.target
    if order.stage != work.home:
        return None
    if work.ends_stage:
        check_guard(EXIT_GUARDS.get(work.home), order)
        return next_stage(work.home)
    if exit_holds(order) and (finish or not was_done):
        return next_stage(work.home)
    return None


# What a move does to the order besides its stage.


def apply_move(
    order: Order, target: Stage, kind: MoveKind, reason: str | None, now: datetime
) -> None:
    """Put the order in `target`: approvals given after it no longer hold (a move back),
    parts already bought get their return flag (a cancellation), a closed order is dated."""
    order.stage = target.value
    order.stage_entered_at = now
    if kind is MoveKind.BACK:
        reset_for_back_move(order, target)
    if target is Stage.CANCELLED:
        order.cancel_reason = reason
        for part in order.parts:
            part.return_flag = return_flag(part)
    if target in CLOSED_STAGES:
        order.closed_at = now


def reset_for_back_move(order: Order, target: Stage) -> None:
    """Approvals given after `target` no longer hold; prices, vendor orders and receipts stay.

    Going back to PARTS_PRICING keeps every price (the supplier corrects what is wrong), but
    the labour must be approved again, and the client must approve again in any case.
    """
    if index(target) <= index(Stage.LABOUR_PRICING):
        order.labour_approved = False
    if index(target) <= index(Stage.CLIENT_APPROVAL):
        order.client_approved_at = None


def passes_through(order: Order, target: Stage, kind: MoveKind) -> bool:
    """Whether a forward move into `target` goes straight on (nothing to do there)."""
    check = NOTHING_TO_DO.get(target)
    return kind is MoveKind.FORWARD and check is not None and check(order)


# The question every screen asks.


class Action(StrEnum):
    """What a person may do with an order now; each is a button or a use case."""

    DO_STAGE_WORK = "act"  # open the stage's work (price, approve, order, receive, check)
    MOVE_BACK = "back"  # send it back to an earlier stage, with a reason
    CANCEL = "cancel"  # cancel it, with a reason
    COMPLETE_STAGE = "complete"  # move it one stage on (its exit condition holding)
    DIRECTOR_MOVE = "force"  # move it anywhere, rules aside
    REASSIGN_TASK = "reassign"  # give a stage task to someone else


def has_stage_work(stage: Stage | str) -> bool:
    """Whether the stage has work of its own for its owner (a button opening it)."""
    return Stage(stage) in TASK_STAGES


def actions(order: Order | Stage | str, roles: Collection[str]) -> frozenset[Action]:
    """The actions someone with `roles` may take on an order in this stage now."""
    stage = Stage(order.stage if isinstance(order, Order) else order)
    if not is_open(stage):
        return frozenset()
    out: set[Action] = set()
    owner = [STAGE_OWNER[stage]]
    if has_stage_work(stage) and allowed(owner, roles):
        out |= {Action.DO_STAGE_WORK, Action.COMPLETE_STAGE}
    if back_targets(stage) and allowed(back_roles(stage), roles):
        out.add(Action.MOVE_BACK)
    if allowed(CANCEL_ROLES, roles):
        out.add(Action.CANCEL)
    if Role.DIRECTOR in roles:
        out |= {Action.DIRECTOR_MOVE, Action.REASSIGN_TASK}
    return frozenset(out)


def move_use(source: Stage | str, target: Stage | str, roles: Collection[str]) -> Action:
    """Which use case carries out a move from `source` to `target` asked by someone with
    `roles` (a tap in the bot or a stage change in the CRM): cancelling, the next stage (its
    rule checked), the director's move anywhere, else a move back."""
    source, target = Stage(source), Stage(target)
    if source in CLOSED_STAGES:
        raise DomainError("order-error-closed", stage=source.value)
    if target is Stage.CANCELLED:
        return Action.CANCEL
    if target is next_stage(source):
        return Action.COMPLETE_STAGE
    return Action.DIRECTOR_MOVE if Role.DIRECTOR in roles else Action.MOVE_BACK


def sees_every_order(roles: Collection[str]) -> bool:
    """The head and the director follow every order; the others, their own or their stage's."""
    return Role.HEAD in roles or Role.DIRECTOR in roles


def acts_on_others_tasks(roles: Collection[str]) -> bool:
    """The director may do the work of a task someone else holds."""
    return Role.DIRECTOR in roles


def acting_role(
    roles: Collection[str], allowed_roles: Collection[Role], source: Stage
) -> Role | None:
    """The role in which someone with `roles` makes a move `allowed_roles` may make, as the
    people told of it should know him: the owner of the stage left, else the master (who
    speaks for the client), else the supplier (pulling an order back from delivery), else
    the director."""
    owner = STAGE_OWNER.get(source)
    for role in (owner, Role.MASTER, Role.SUPPLIER, Role.DIRECTOR):
        if role is not None and role in allowed_roles and role in roles:
            return role
    return Role.DIRECTOR if Role.DIRECTOR in roles else None
