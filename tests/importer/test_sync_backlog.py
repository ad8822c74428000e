"""After an import into a portal-connected shop the director's /sync shows the backlog by kind."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bot.testing.fake_telegram import TelegramUser
from services.importer import ImportOptions, load_profile, run_import
from services.importer.sample import write_csv
from services.staff.roles import Role
from services.storage.engine import create_session_factory
from services.storage.models import OutboxMessage
from tests.conftest import add_employee

DIRECTOR = TelegramUser(401, "Ирина", "Директорова")


async def test_director_sees_the_import_backlog(harness, session_factory, db_engine, tmp_path):
    await add_employee(session_factory, DIRECTOR.id, DIRECTOR.full_name, Role.DIRECTOR)
    with_portal = create_session_factory(db_engine, outbox=True)
    options = ImportOptions(write_csv(Path(tmp_path) / "e.csv", 120), load_profile("dealer_ru"))
    summary = await run_import(with_portal, options)
    async with session_factory() as session:
        pending = await session.scalar(select(func.count()).select_from(OutboxMessage))
    assert pending == summary.outbox == summary.created
    await harness.send(DIRECTOR, "/sync")
    screen = harness.screen(DIRECTOR)
    assert f"Ждут отправки: {pending}" in screen
    expected = (
        f"Из них: клиентов {summary.clients_created}, автомобилей {summary.cars_created}."
        if summary.clients_created >= summary.cars_created
        else f"Из них: автомобилей {summary.cars_created}, клиентов {summary.clients_created}."
    )
    assert expected in screen
