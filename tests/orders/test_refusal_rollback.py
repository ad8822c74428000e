"""A refused use case keeps nothing of what it changed, even once an autoflush (a read after
the change) has written it; the note `OrderWork.open` records first stays either way."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.errors import DomainError
from services.orders.stages import Stage
from services.orders.unit_of_work import OrderWork, ends_on_refusal
from services.storage import unit_of_work
from services.storage.models import Employee, EmployeeRole, Order, StageTask
from tests.orders.conftest import Shop


@ends_on_refusal
async def _change_then_refuse(
    work: OrderWork, actor: Employee, order_id: int, *, noted: bool = False, change: bool = True
) -> None:
    """A use case that changes the order, reads (which autoflushes the change), then refuses."""

    def note(order: Order) -> None:
        order.complaint = "noted"

    order = await work.open(
        order_id,
        actor,
        "test.refuse",
        [],
        Stage.PARTS_PRICING,
        note=note if noted else None,
    )
    if change:
        order.appointment_at = work.clock()
        await work.session.scalar(select(StageTask.id).where(StageTask.order_id == order_id))
        assert not work.session.dirty  # flushed: nothing pending tells the change is written
    raise DomainError("order-error-no-works")


async def _order(factory: async_sessionmaker[AsyncSession], order_id: int) -> Order:
    async with factory() as other:
        order = await other.get(Order, order_id)
        assert order is not None
        return order


async def test_an_autoflushed_change_is_rolled_back(
    shop: Shop, session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    order_id = (await shop.new_order()).order.id
    with pytest.raises(DomainError):
        await _change_then_refuse(shop.work, shop.director, order_id)
    order = await _order(session_factory, order_id)
    assert order.appointment_at is None
    assert order.complaint == "стук спереди справа"


async def test_the_note_stays_when_nothing_was_written_after_it(
    shop: Shop, session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    order_id = (await shop.new_order()).order.id
    with pytest.raises(DomainError):
        await _change_then_refuse(shop.work, shop.director, order_id, noted=True, change=False)
    assert (await _order(session_factory, order_id)).complaint == "noted"


async def test_a_change_after_the_note_rolls_back_but_the_note(
    shop: Shop, session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    order_id = (await shop.new_order()).order.id
    with pytest.raises(DomainError):
        await _change_then_refuse(shop.work, shop.director, order_id, noted=True)
    order = await _order(session_factory, order_id)
    assert order.appointment_at is None
    assert order.complaint == "noted"


async def test_a_refusal_that_wrote_nothing_keeps_the_actor_loaded(
    shop: Shop, session: AsyncSession
) -> None:
    """The rollback expires the caller's objects; the actor is read again, so the caller can
    still use him (async code cannot load him lazily)."""
    order_id = (await shop.new_order()).order.id

    @ends_on_refusal
    async def refuse(work: OrderWork, actor: Employee) -> None:
        await work.open(order_id, actor, "test.refuse", [], Stage.LABOUR_PRICING)

    with pytest.raises(DomainError):
        await refuse(shop.work, shop.director)
    assert shop.director.full_name == "Ирина"  # no lazy load: it would raise here


async def test_a_refusal_lets_go_of_a_row_deleted_meanwhile(
    shop: Shop, session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """The director takes a role away while the refused person's tap is being answered: the
    rollback's re-read lets go of the gone row instead of failing the refusal."""
    roles = list(shop.director.roles)
    assert roles
    async with session_factory() as other:
        gone = roles[0]
        await other.execute(
            delete(EmployeeRole).where(
                EmployeeRole.employee_id == gone.employee_id, EmployeeRole.role == gone.role
            )
        )
        await other.commit()
    await unit_of_work.end_refused(session)
    assert roles[0] not in session
