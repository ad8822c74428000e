"""`stobot b24 setup` and `stobot b24 check`: prepare the portal, and say plainly what is wrong.

Output is for the person at the terminal (English, like the rest of the command line).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crm.advice import REQUIRED_SCOPES, explain
from bot.i18n import Translator
from services.crm.bitrix24 import Bitrix24Client, Bitrix24Error, Bitrix24Settings
from services.crm.mirror.mapping import PortalMapping, load_mapping, store_mapping
from services.crm.mirror.setup import OUTGOING_EVENTS, set_up_portal

Print = Callable[[str], None]


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    b24 = commands.add_parser(
        "b24",
        help="set up and check the Bitrix24 mirror",
        description="Prepare the shop's Bitrix24 portal for the mirror and check it.",
    )
    actions = b24.add_subparsers(dest="b24_command", required=True, metavar="ACTION")
    actions.add_parser(
        "setup",
        help="create or find the pipeline, stages, fields and smart process (safe to repeat)",
        description="Create or find, in the portal, what the mirror writes to; store the ids.",
    )
    actions.add_parser(
        "check",
        help="check the webhook, its scopes and the stored setup",
        description="Check that the portal answers, the webhook has the scopes the mirror "
        "needs and `stobot b24 setup` has been run.",
    )


async def run_setup(
    settings: Bitrix24Settings,
    factory: async_sessionmaker[AsyncSession],
    translator: Translator,
    locale: str,
    out: Print = print,
) -> int:
    if not settings.enabled:
        out("BITRIX24_WEBHOOK_URL is not set: there is no portal to set up.")
        return 1
    async with Bitrix24Client.from_settings(settings) as client:
        try:
            report = await set_up_portal(client, translator.get(locale).raw)
        except Bitrix24Error as exc:
            out(f"Setup stopped: {explain(exc)}")
            return 1
    async with factory() as session:
        await store_mapping(session, report.mapping)
    for line in report.created:
        out(f"created: {line}")
    for line in report.found:
        out(f"already there: {line}")
    out("The ids are stored; the bot mirrors into this pipeline from now on.")
    out("")
    out("For two-way sync, open Developer resources → Other → Outgoing webhook in the portal,")
    out("enter the bot's events address and tick these events:")
    for event in OUTGOING_EVENTS:
        out(f"  - {event}")
    out("then put the application token it shows into BITRIX24_APP_TOKEN.")
    return 0


async def run_check(
    settings: Bitrix24Settings, factory: async_sessionmaker[AsyncSession], out: Print = print
) -> int:
    problems: list[str] = []
    if not settings.enabled:
        out("BITRIX24_WEBHOOK_URL is not set: the bot runs without Bitrix24 (that is allowed).")
        return 1
    async with Bitrix24Client.from_settings(settings) as client:
        try:
            scopes = await client.call("scope")
        except Bitrix24Error as exc:
            out(f"The portal did not accept the webhook: {explain(exc)}")
            return 1
        out(f"The portal {client.portal} answers; the webhook works.")
        missing = [s for s in REQUIRED_SCOPES if s not in (scopes or [])]
        if missing:
            problems.append(
                "The webhook lacks the scopes " + ", ".join(missing) + ": edit the inbound "
                "webhook in the portal and tick them (the URL stays the same)."
            )
        async with factory() as session:
            mapping = await load_mapping(session)
        if mapping is None:
            problems.append("The portal is not set up yet: run `stobot b24 setup`.")
        elif mapping.missing():
            problems.append(
                "The stored setup is incomplete (" + ", ".join(mapping.missing()) + "): "
                "run `stobot b24 setup` again."
            )
        elif not missing:
            try:
                problems += await _still_there(client, mapping)
            except Bitrix24Error as exc:
                problems.append(f"Could not read the pipeline and smart process: {explain(exc)}")
    for problem in problems:
        out(f"PROBLEM: {problem}")
    if not problems:
        out("Everything the mirror needs is in place.")
    return 1 if problems else 0


async def _still_there(client: Bitrix24Client, mapping: PortalMapping) -> list[str]:
    """The pipeline and the smart process setup stored may have been deleted in the portal."""
    problems: list[str] = []
    categories = await client.call("crm.category.list", {"entityTypeId": 2})
    if not any(int(c["id"]) == mapping.category_id for c in categories.get("categories") or []):
        problems.append(
            "The deal pipeline made by setup is gone from the portal: run `stobot b24 setup`."
        )
    types = await client.call(
        "crm.type.list", {"filter": {"entityTypeId": mapping.car_entity_type_id}}
    )
    if not any(int(t["id"]) == mapping.car_type_id for t in types.get("types") or []):
        problems.append(
            "The smart process «Автомобиль» made by setup is gone from the portal: "
            "run `stobot b24 setup`."
        )
    return problems
