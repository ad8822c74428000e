"""Prices, quantities and the amount of a deal edited in the CRM: read, then taken in.

The deal's rows and amount are read from the portal and handed to the use case
`from_crm.take_in_money`, whose rules (`crm_money`, README "Two-way sync") say what the order
takes in and what is put back; whatever is taken in is audited and written back, so the
portal ends equal to the bot.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import partial

from services.crm.inbound.context import Inbound, bot_wrote_meanwhile
from services.crm.inbound.reading import DealRead, read_deal, read_rows
from services.orders import from_crm
from services.orders.crm_money import CrmMoney
from services.orders.from_crm import MoneyOutcome, MoneyTaken
from services.orders.totals import money
from services.storage.models.base import utcnow

_SAID = {
    MoneyOutcome.SAME: "",
    MoneyOutcome.ECHO: "echo: the bot's own change of the deal is being sent",
    MoneyOutcome.CHANGED_MEANWHILE: "changed meanwhile",
    MoneyOutcome.RESTORED: "restored",
}


async def take_in_money(ib: Inbound, order_id: int, deal: DealRead) -> str:
    started = utcnow()  # before the read: what the bot wrote since may be newer than it
    rows = await read_rows(ib, deal.id)
    amount = _amount(await read_deal(ib, deal.id))  # read next to the rows, not before
    async with ib.factory() as session:
        taken = await from_crm.take_in_money(
            session,
            order_id,
            CrmMoney(rows, amount),
            texts=ib.texts,
            is_echo=partial(bot_wrote_meanwhile, since=started),
        )
    return _said(ib, taken)


def _amount(deal: DealRead) -> Decimal | None:
    try:
        amount = Decimal(str(deal.raw.get("OPPORTUNITY") or 0))
    except InvalidOperation:
        return None
    return money(amount) if amount.is_finite() else None


def _said(ib: Inbound, taken: MoneyTaken) -> str:
    if taken.outcome is MoneyOutcome.TAKEN:
        ib.caught.add("money_taken")
        return f"{taken.changes} money change(s) taken in"
    if taken.outcome is MoneyOutcome.RESTORED:
        ib.caught.add("money_restored")
    return _SAID[taken.outcome]
