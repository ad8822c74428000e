"""Every button, forged: other people's orders, the wrong role, the wrong stage, malformed data.

Each case taps a callback that no honest keyboard would show this person and checks that the
person gets a clear message (never the "something went wrong" apology of a traceback), that the
refusal is in the audit journal where the bot audits refusals (a role check), and that no row of
the database changed. `test_every_callback_prefix_is_forged` keeps the table complete: a new
CallbackData class without forged cases here fails it.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

import pytest
from aiogram.filters.callback_data import CallbackData
from sqlalchemy import select

from services.orders import Stage
from services.staff.roles import Role
from services.storage.models import OrderPart, StageTask
from tests.dialogs.conftest import PEOPLE
from tests.security.conftest import db_state, refusals, texts_seen

UNEXPECTED = "Что-то пошло не так"
BIG = "99999999999999999999"  # wider than any integer column
M, S, H, K, D = Role.MASTER, Role.SUPPLIER, Role.HEAD, Role.STOREKEEPER, Role.DIRECTOR


@dataclass(frozen=True)
class Forged:
    who: Role
    data: str
    audited: bool = False  # a role refusal: the journal must show it

    @property
    def prefix(self) -> str:
        return self.data.split(":", 1)[0]


# {o1}: an order at parts pricing, {p1} its first part, {t1} its open task (offered to the
# suppliers); {o2}: an order at labour pricing; {o3}: awaiting delivery, {p3} its part;
# {e_m}, {e_k}, {e_d}: the master's, the storekeeper's and the director's employee ids.
CASES = [
    # OrderCallback: the stage's work by the wrong role, a stale stage, a missing order.
    Forged(M, "o:act:{o1}:PARTS_PRICING", audited=True),
    Forged(K, "o:act:{o2}:LABOUR_PRICING", audited=True),
    Forged(S, "o:act:{o2}:LABOUR_PRICING", audited=True),
    Forged(S, "o:act:{o1}:LABOUR_PRICING"),
    Forged(S, "o:act:{o1}:NO_SUCH_STAGE"),
    Forged(S, "o:act:987654:PARTS_PRICING"),
    Forged(S, "o:act:" + BIG + ":PARTS_PRICING"),
    Forged(S, "o:act:-1:PARTS_PRICING"),
    Forged(S, "o:act:abc:PARTS_PRICING"),
    Forged(S, "o:act"),
    Forged(M, "o:open:" + BIG + ":"),
    Forged(M, "o:open:987654:"),
    Forged(M, "o:hist:987654:"),
    Forged(M, "o:car:987654:"),
    Forged(M, "o:media:987654:"),
    Forged(M, "o:zzz:{o1}:PARTS_PRICING"),
    Forged(K, "o:back:{o1}:LABOUR_PRICING"),
    Forged(K, "o:cancel:{o1}:DONE"),
    # TaskCallback / ReassignCallback: someone else's task, the director's buttons.
    Forged(M, "t:take:{t1}", audited=True),
    Forged(S, "t:take:987654"),
    Forged(S, "t:take:" + BIG),
    Forged(S, "t:take:x"),
    Forged(M, "t:reassign:{t1}", audited=True),
    Forged(D, "t:reassign:987654"),
    Forged(M, "ra:{t1}:{e_m}", audited=True),
    Forged(D, "ra:{t1}:{e_k}"),
    Forged(D, "ra:987654:{e_m}"),
    Forged(D, "ra:{t1}:" + BIG),
    # PageCallback: unknown lists, foreign ids, offsets out of range.
    Forged(M, "pg:zzz::0"),
    Forged(M, "pg:car:abc:0"),
    Forged(M, "pg:car:²:0"),
    Forged(M, "pg:car:" + BIG + ":0"),
    Forged(M, "pg:st:NO_SUCH_STAGE:0"),
    Forged(M, "pg:tasks::-20"),
    Forged(M, "pg:tasks::" + BIG),
    Forged(M, "pg:q::0"),
    # The closed orders are the head's and the director's.
    Forged(S, "pg:closed-month::0", audited=True),
    # Buttons of retired hand-built dialogs (an old chat still shows them), no dialog open.
    Forged(M, "nav:back"),
    Forged(M, "nav:zzz"),
    Forged(M, "pk:why:cancel-reason-expensive"),
    Forged(M, "pk:to:NEW"),
    Forged(S, "p:price:{o1}:{p1}"),
    Forged(M, "p:price:{o1}:{p1}"),
    Forged(K, "p:rcv:{o3}:{p3}"),
    Forged(M, "cal:d:2030:2:31"),
    Forged(M, "cal:m:0:13:0"),
    # The report's buttons before it became a dialog (dialogs/director_report).
    Forged(M, "rp:period:today"),
    Forged(D, "rp:period:custom:99999999:00000000"),
    Forged(D, "rp:xlsx:custom:2026AB01:x"),
    Forged(D, "rp:zzz"),
    # DeliveryCallback: the suppliers' answers.
    Forged(M, "dl:ok:{p3}", audited=True),
    Forged(K, "dl:cancel:{p3}", audited=True),
    Forged(S, "dl:ok:987654"),
    Forged(S, "dl:cancel:" + BIG),
    Forged(S, "dl:date:abc"),
    Forged(S, "dl:zzz:{p3}"),
    # The director's screens.
    Forged(M, "inv:director", audited=True),
    Forged(D, "inv:god"),
    Forged(M, "sy:retry:0", audited=True),
    Forged(D, "sy:retry:" + BIG),
    Forged(D, "sy:zzz:0"),
    # The staff and phones screens are aiogram-dialogs: tests/security/test_forged_in_dialogs.py.
    Forged(H, "jr:show"),
    Forged(D, "jr:show:0:0:zzz:yyy:0"),
    Forged(D, "jr:show:0:0:::-5"),
    Forged(D, "jr:show:0:0:::" + BIG),
    Forged(D, "jr:person:987654"),
    Forged(D, "jr:zzz"),
    # The language switch and the invite roles.
    Forged(M, "lang:xx"),
    Forged(M, "lang:"),
    # Not ours at all.
    Forged(M, "zz:1:2"),
    Forged(M, ":::"),
    Forged(M, "x" * 64),
    Forged(M, "o:open:1:" + "\u202e" + "<b>" + "\x00"),
]


def _callback_classes() -> list[type[CallbackData]]:
    for package in ("bot", "handlers", "dialogs"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if not info.name.startswith(("bot.testing.demo", "bot.__main__")):
                importlib.import_module(info.name)
    found: list[type[CallbackData]] = []
    pending = list(CallbackData.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return [cls for cls in found if cls.__module__.startswith(("bot.", "handlers.", "dialogs."))]


def test_every_callback_prefix_is_forged() -> None:
    prefixes = {cls.__prefix__ for cls in _callback_classes()}
    assert len(prefixes) >= 8, prefixes
    covered = {case.prefix for case in CASES}
    assert prefixes - covered == set(), "CallbackData classes with no forged case"


async def _ids(shop) -> dict[str, object]:  # type: ignore[no-untyped-def]
    o1 = await shop.order_at(Stage.PARTS_PRICING)
    o2 = await shop.order_at(Stage.LABOUR_PRICING)
    o3 = await shop.order_at(Stage.AWAITING_DELIVERY, parts=1)
    async with shop.session_factory() as session:
        parts = {
            p.order_id: p.id
            for p in (await session.scalars(select(OrderPart).order_by(OrderPart.id.desc())))
        }
        task = await session.scalar(
            select(StageTask).where(StageTask.order_id == o1, StageTask.status == "open")
        )
    assert task is not None
    return {
        "o1": o1,
        "o2": o2,
        "o3": o3,
        "p1": parts[o1],
        "p3": parts[o3],
        "t1": task.id,
        "e_m": shop.employee(M).id,
        "e_k": shop.employee(K).id,
        "e_d": shop.employee(D).id,
    }


async def test_forged_buttons_are_refused_cleanly(harness, shop, session_factory) -> None:
    ids = await _ids(shop)
    for person in PEOPLE.values():
        await harness.send(person, "/start")
    failures = []
    for case in CASES:
        data = case.data.format(**ids)
        before = await db_state(session_factory)
        refused_before = len(await refusals(session_factory))
        calls = await harness.tap(PEOPLE[case.who], data)
        seen = texts_seen(calls)
        problems = []
        if not seen:
            problems.append("no message at all")
        if any(UNEXPECTED in text for text in seen):
            problems.append("the apology of a traceback")
        if await db_state(session_factory) != before:
            problems.append("the database changed")
        audited = len(await refusals(session_factory)) > refused_before
        if case.audited and not audited:
            problems.append("not audited")
        if problems:
            failures.append(f"{case.who.value} {data!r}: {', '.join(problems)}; saw {seen}")
        # A forged tap may have opened a dialog step (a reason asked): leave it like a person.
        await harness.send(PEOPLE[case.who], "/cancel")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", [K, S])
async def test_a_stranger_to_the_stage_cannot_cancel_or_send_back(
    harness, shop, session_factory, who
) -> None:
    """The reason step is reached by anyone (the guard checks the stage only), the move not."""
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    person = PEOPLE[who]
    before = await db_state(session_factory)
    await harness.tap(person, f"o:cancel:{order_id}:LABOUR_PRICING")
    await harness.send(person, "просто так")
    await harness.tap(person, f"o:back:{order_id}:LABOUR_PRICING")
    await harness.tap(person, "pk:to:PARTS_PRICING")
    await harness.send(person, "просто так")
    assert await db_state(session_factory) == before
    assert UNEXPECTED not in harness.screen(person, last=5)
