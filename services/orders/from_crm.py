"""The use cases of the two-way sync: what the shop changed on a deal in Bitrix24, taken in.

    await change_master(session, order_id, master)            # the deal's responsible user
    await add_crm_parts(session, order_id, rows)              # rows added while pricing
    await take_in_money(session, order_id, crm, texts=texts, is_echo=check)
    await put_back_deal_stage(session, order_id, change, texts=texts, why=comment)
    await orders.create_order(master, ..., deal=DealLink(...))  # an order made from a deal

The first three change the order in the order unit of work (`OrderWork`, as every use case):
each locks it (`find`), changes it, audits the change (source "bitrix24"), and finishes it
(`finish_from_crm`: the version bumped once, what goes back to the deal, one commit). What
goes back is only what the deal does not show yet: nothing for a new master (the deal shows
him), the step's sync and comment for added parts, a sync and a comment of what was taken in
or put back for money. Nobody is told in Telegram: the person who changed the deal knows.

A person's stage move goes through the same move use case as the buttons (`use_cases.move_to`,
after `moves.note_deal_stage` told it from what the deal shows anyway, and with
`moves.taking_deal_move` as the bookkeeping it commits with the move), an order made from a
deal through the same `create_order` as the master's. The last two are the sync's
bookkeeping around those (the deal's stage and ids kept on the order): `put_back_deal_stage`
answers a move the rules refuse, without a version bump; `DealLink.finish` ends the new
order's `create_order` in place of `OrderWork.finish`, tying the order to its deal in the same
commit. Returning without a change leaves the transaction to the caller's session.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import log as audit
from services.crm.mirror.context import Texts
from services.crm.mirror.sent import unsure, with_sent
from services.crm.outbox import Kind, enqueue
from services.crm.outbox import is_enabled as outbox_enabled
from services.orders import crm_money
from services.orders import tasks as task_repo
from services.orders.crm_money import CrmMoney, CrmRow, Taken
from services.orders.mover import journal
from services.orders.notices import StepResult
from services.orders.parts import PART_NEW
from services.orders.stages import Stage
from services.orders.unit_of_work import MoveRecord, OrderWork
from services.staff.roles import Role
from services.storage.models import Employee, Order, OrderPart

# Stages whose parts list is still open to additions from the CRM; later, a row added in the
# CRM is put back (`take_in_money`), and a move back to pricing reopens the list.
OPEN_FOR_PARTS = frozenset({Stage.NEW.value, Stage.PARTS_PRICING.value})

# Whether the bot wrote the deal since the CRM's values were read (they may be older than ours).
EchoCheck = Callable[[AsyncSession, int], Awaitable[bool]]


class MoneyOutcome(Enum):
    SAME = "same"  # the deal shows the order's rows and total
    ECHO = "echo"  # the bot's own change of the deal is being sent
    CHANGED_MEANWHILE = "changed meanwhile"  # another applier changed the order first
    TAKEN = "taken"
    RESTORED = "restored"  # nothing taken in, the bot's rows go back


class DealStageChange(Protocol):
    """The deal's stage change (STAGE_ID, MOVED_TIME), recorded on the order once taken."""

    @property
    def status_id(self) -> str: ...

    def is_new(self, order: Order) -> bool: ...

    def account(self, order: Order) -> None: ...


@dataclass(frozen=True)
class DealLink:
    """The deal an order is made from, and what the deal shows: `create_order(deal=...)`."""

    deal_id: int
    stage: str  # ours, for the deal's column
    change: DealStageChange  # the deal's stage change, the order's first

    async def finish(
        self, work: OrderWork, order: Order, master: Employee, move: MoveRecord
    ) -> StepResult:
        """`OrderWork.finish` for the order just made from this deal: the order is tied to
        the deal and the deal gets what it lacks (`_link`), not the step's outbox rows (the
        deal shows the order's making already); the people of the new stage are told as
        usual. One commit: the order never exists untied to its deal."""
        order.version += 1
        told = await work.mover().notices(order, move, master)
        await _link(work.session, order, master, self)
        await work.commit(told)
        return StepResult(order=order, notices=told, new_task=move.new_task)


@dataclass(frozen=True)
class MoneyTaken:
    outcome: MoneyOutcome
    changes: int = 0


async def change_master(session: AsyncSession, order_id: int, master: Employee) -> bool:
    """`master` (the deal's new responsible user) becomes the order's master, if he is one.

    Not written back: the deal shows him already. False when nothing changed."""
    if Role.MASTER not in master.role_names:
        return False
    work = OrderWork(session)
    order = await work.find(order_id)
    if order is None or order.master_id == master.id:
        return False
    _journal(
        session,
        order,
        master,
        audit.AuditAction.ORDER_MASTER_CHANGED,
        old=order.master_id,
        new=master.id,
    )
    order.master_id = master.id
    await work.finish_from_crm(order, step_by=None)
    return True


async def add_crm_parts(session: AsyncSession, order_id: int, rows: Sequence[CrmRow]) -> int:
    """Rows that are none of the order's parts or works join it as parts to price (a part the
    master forgot; the supplier's open pricing task covers it), while its parts list is open.

    Audited and synced as the master's step. Returns how many parts were added."""
    work = OrderWork(session)
    order = await work.find(order_id)
    if order is None or order.stage not in OPEN_FOR_PARTS:
        return 0
    added = _new_parts(order, rows)
    if not added:
        return 0
    master = await session.get(Employee, order.master_id) if order.master_id else None
    if master is not None:
        for part in added:
            _journal(session, order, master, audit.AuditAction.PART_ADDED, name=part.name)
    await work.finish_from_crm(order, step_by=master)
    return len(added)


async def take_in_money(
    session: AsyncSession,
    order_id: int,
    crm: CrmMoney,
    *,
    texts: Texts,
    is_echo: EchoCheck,
) -> MoneyTaken:
    """Take the deal's prices, quantities and amount into the order by `crm_money`'s rules;
    the deal gets the bot's rows back, with a timeline comment (`texts`) of what was taken
    in and whether anything was put back."""
    work = OrderWork(session)
    order = await work.find(order_id)
    if order is None:
        return MoneyTaken(MoneyOutcome.SAME)
    if await is_echo(session, order_id):
        return MoneyTaken(MoneyOutcome.ECHO)
    if crm_money.equal(order, crm):
        return MoneyTaken(MoneyOutcome.SAME)
    taken = crm_money.take(texts, order, crm)
    if taken.actions:
        await _audit_money(session, order, taken)
        if not await work.claim_version(order):
            # Another applier changed the order first (SQLite has no row lock): the next
            # pass compares again with what it wrote.
            await session.rollback()
            return MoneyTaken(MoneyOutcome.CHANGED_MEANWHILE)
    _write_back(session, texts, order, crm, taken)
    await work.commit([])
    if taken.actions:
        return MoneyTaken(MoneyOutcome.TAKEN, len(taken.actions))
    return MoneyTaken(MoneyOutcome.RESTORED)


async def put_back_deal_stage(
    session: AsyncSession,
    order_id: int,
    change: DealStageChange | None,
    *,
    texts: Texts,
    why: str,
) -> None:
    """A move made in the CRM that the rules refused: the deal gets our stage back, and its
    timeline `why`. `change`: the deal's stage change refused, taken as seen."""
    work = OrderWork(session)
    if change is not None:
        order = await work.find(order_id)
        if order is not None:
            change.account(order)
            # The deal shows the person's stage: ours must be sent again.
            order.crm_stages_sent = unsure(order.crm_stages_sent)
    enqueue(session, Kind.DEAL_SYNC, order_id)
    _comment(session, texts, order_id, [why])
    await work.commit([])


async def _link(session: AsyncSession, order: Order, master: Employee, link: DealLink) -> None:
    """Store the deal's id and stage change on the order just made from it, and queue what the
    deal must show now: our stage and ids, the tasks, the step's comment."""
    order.bitrix_deal_id = link.deal_id
    if link.change.status_id and link.stage in (Stage.NEW.value, order.stage):
        # The stage the deal was made with is the one the order starts at: read again, it is
        # no move back. A later column is left new: the caller takes it as a person's move.
        link.change.account(order)
        if link.stage == order.stage:
            order.crm_stages_sent = with_sent(None, link.change.status_id)  # on the deal already
    await _announce_created(session, order, master)


async def _announce_created(session: AsyncSession, order: Order, master: Employee) -> None:
    enqueue(session, Kind.DEAL_SYNC, order.id)
    # The deal gets our ids once, through the outbox like every write (an outage delays it).
    enqueue(session, Kind.DEAL_CLAIM, order.id)
    if outbox_enabled(session):
        for task in await task_repo.open_tasks(session, order.id):
            enqueue(session, Kind.TASK_SYNC, task.id)
    payload: dict[str, object] = {
        "actor": master.full_name,
        "actions": [{"action": "order.created", "parts": len(order.parts), "media": 0}],
        "moves": [{"from": Stage.NEW.value, "to": order.stage, "reason": None}],
    }
    enqueue(session, Kind.DEAL_COMMENT, order.id, payload)


def _new_parts(order: Order, rows: Sequence[CrmRow]) -> list[OrderPart]:
    known = {p.name.casefold() for p in order.parts} | {w.name.casefold() for w in order.works}
    position = max((p.position for p in order.parts), default=0)
    added = []
    for row in rows:
        if row.name.casefold() in known or row.quantity > crm_money.MAX_QUANTITY:
            continue
        known.add(row.name.casefold())
        position += 1
        part = OrderPart(
            position=position,
            name=row.name[:200].rstrip(),
            quantity=row.quantity,
            status=PART_NEW,
            received_quantity=Decimal(0),
        )
        order.parts.append(part)
        added.append(part)
    return added


async def _audit_money(session: AsyncSession, order: Order, taken: Taken) -> None:
    master = await session.get(Employee, order.master_id) if order.master_id else None
    for change in taken.audit:
        details = {k: str(v) for k, v in change.items()}
        _journal(session, order, master, audit.AuditAction.ORDER_MONEY_CHANGED, **details)


def _journal(
    session: AsyncSession,
    order: Order,
    actor: Employee | None,
    action: audit.AuditAction,
    **details: object,
) -> None:
    """The order's audit row for a change that came from the CRM, in the actor's name."""
    journal(session, order, actor, action, source="bitrix24", **details)


def _write_back(
    session: AsyncSession, texts: Texts, order: Order, crm: CrmMoney, taken: Taken
) -> None:
    """The deal gets the order's rows and total, and a comment of what was taken in."""
    enqueue(session, Kind.DEAL_SYNC, order.id)
    actions = list(taken.actions)
    if taken.put_back or not crm_money.equal(order, crm):
        actions.append(texts("inbound-money-restored"))
    _comment(session, texts, order.id, actions)


def _comment(session: AsyncSession, texts: Texts, order_id: int, actions: list[str]) -> None:
    """A timeline comment on the deal in the bot's name."""
    payload = {
        "actor": texts("inbound-bot-name"),
        "actions": [{"action": a} for a in actions],
        "moves": [],
    }
    enqueue(session, Kind.DEAL_COMMENT, order_id, payload)
