"""Menu actions that a later release fills in answer honestly instead of showing a fake screen;
a label typed by someone without the role is refused and audited."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n, Translator
from bot.keyboards.menus import MENU, MenuItem, main_menu
from services import audit
from services.storage.models import Employee

# Keys of the menu actions no router implements yet; each issue that fills one removes it.
PENDING_ACTIONS: frozenset[str] = frozenset(
    {
        "menu-overdue",
        "menu-report",
        "menu-staff",
        "menu-sync",
    }
)


class AnyMenuLabel(Filter):
    async def __call__(
        self, message: Message, translator: Translator
    ) -> bool | dict[str, MenuItem]:
        for item in MENU:
            if message.text in translator.variants(item.key):
                return {"menu_item": item}
        return False


async def menu_label(
    message: Message,
    menu_item: MenuItem,
    employee: Employee,
    roles: frozenset[str],
    l10n: L10n,
    session: AsyncSession,
) -> None:
    if not menu_item.roles & roles:
        audit.record(session, "access.refused", actor=employee, action_name=menu_item.key)
        await session.commit()
        await message.answer(l10n("access-refused"), reply_markup=main_menu(l10n, roles))
        return
    if menu_item.key in PENDING_ACTIONS:
        await message.answer(l10n("menu-not-ready"))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(menu_label, AnyMenuLabel())
    return router
