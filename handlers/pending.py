"""Menu actions that a later release fills in answer honestly instead of showing a fake screen;
a label typed by someone without the role is refused and audited."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n, Translator
from bot.keyboards.menus import MENU, MenuItem, main_menu
from services.audit.refusals import refuse_access
from services.staff.roles import Role
from services.storage.models import Employee

# Keys of the menu actions no router implements yet; each issue that fills one removes it.
PENDING_ACTIONS: frozenset[str] = frozenset({})


def _may_use(item: MenuItem, roles: frozenset[str]) -> bool:
    # The director may do anything, as HasRole lets him; his keyboard just stays short.
    return bool(item.roles & roles) or Role.DIRECTOR in roles


class PendingOrForeignLabel(Filter):
    """A menu label that is not built yet, or that belongs to a role the person lacks. Tried
    before every dialog, so such a label is never taken as a typed answer."""

    def __init__(self) -> None:
        self._by_label: dict[str, MenuItem] | None = None  # every language's label → its item

    async def __call__(
        self, message: Message, translator: Translator, roles: frozenset[str] = frozenset()
    ) -> bool | dict[str, MenuItem]:
        if self._by_label is None:
            by_label: dict[str, MenuItem] = {}
            for item in MENU:
                for label in translator.variants(item.key):
                    by_label.setdefault(label, item)  # the first item of a label wins
            self._by_label = by_label
        item = self._by_label.get(message.text or "")
        if item is None:
            return False
        if item.key in PENDING_ACTIONS or not _may_use(item, roles):
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
    if not _may_use(menu_item, roles):
        await refuse_access(session, employee, menu_item.key)
        await message.answer(l10n("access-refused"), reply_markup=main_menu(l10n, roles))
        return
    if menu_item.key in PENDING_ACTIONS:
        await message.answer(l10n("menu-not-ready"))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(menu_label, PendingOrForeignLabel())
    return router
