from bot.filters.access import HasRole, MenuButton

__all__ = ["HasRole", "MenuButton"]
