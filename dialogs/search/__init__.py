"""🔎 Поиск: the menu button asks for an order number, a phone, a VIN (or its tail) or a plate,
and waits until the answer is one it can look for; a miss keeps waiting.

The results are not a window of this dialog: `handlers.orders.search.found` sends them
(with handlers.orders.lists, as every other list) and the dialog ends, because
- an open dialog takes every message: a list that kept the search open would read the next
  text typed («как дела», a reason in another dialog) as another search;
- the same list answers a search typed outside any dialog (handlers.fallback), which must not
  open one for the same reason;
- its buttons are the shared ones of every list: an order's row is an `OrderCallback` that
  handlers.orders.card and guard open (a Select's button would name this dialog and go stale
  with it), the pager is `pager_row`'s «◀️ ▶️» turning `PageCallback` pages, which outlive the
  dialog (ScrollingGroup draws page numbers and lives only while the dialog does).
"""

from __future__ import annotations

from aiogram import Router

from bot.filters import HasRole, MenuButton
from dialogs.search import dialog, handlers
from dialogs.search.limits import SEARCH_ROLES


def entry() -> Router:
    """The menu button, among the menu handlers: it works over any dialog."""
    router = Router(name=__name__)
    router.message.register(handlers.start, MenuButton("menu-search"), HasRole(*SEARCH_ROLES))
    return router


def setup() -> Router:
    return dialog.build()
