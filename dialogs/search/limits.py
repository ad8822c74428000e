"""Who may search, and how long a query may be."""

from bot.keyboards.menus import MENU_BY_KEY

MAX_QUERY = 64
# Whoever has the 🔎 Поиск button may also search by typing (handlers.fallback): one list, the
# menu's.
SEARCH_ROLES = tuple(sorted(MENU_BY_KEY["menu-search"].roles))
