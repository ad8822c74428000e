"""The persistent reply keyboard of each role; a person with several roles gets the union."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aiogram.types import KeyboardButton, ReplyKeyboardMarkup

from bot.i18n import L10n
from services.staff.roles import Role

M, S, H, K, D = Role.MASTER, Role.SUPPLIER, Role.HEAD, Role.STOREKEEPER, Role.DIRECTOR


@dataclass(frozen=True)
class MenuItem:
    key: str  # localisation key of the label; also the action's name
    roles: frozenset[Role]


# Stable order: the keyboard of a multi-role person follows this list.
MENU: tuple[MenuItem, ...] = (
    MenuItem("menu-new-order", frozenset({M})),
    MenuItem("menu-my-orders", frozenset({M})),
    MenuItem("menu-parts-pricing", frozenset({S})),
    MenuItem("menu-purchases", frozenset({S})),
    MenuItem("menu-deliveries", frozenset({S})),
    MenuItem("menu-labour-pricing", frozenset({H})),
    MenuItem("menu-overdue", frozenset({H})),
    MenuItem("menu-receiving", frozenset({K})),
    MenuItem("menu-orders", frozenset({H, D})),
    MenuItem("menu-my-tasks", frozenset({M, S, H, K})),
    # Anyone who opens order cards finds one, closed ones too.
    MenuItem("menu-search", frozenset({M, S, H, K, D})),
    MenuItem("menu-report", frozenset({D})),
    MenuItem("menu-staff", frozenset({D})),
    MenuItem("menu-invite", frozenset({D})),
    MenuItem("menu-sync", frozenset({D})),
)
MENU_BY_KEY = {item.key: item for item in MENU}


def menu_items(roles: Iterable[str]) -> list[MenuItem]:
    held = set(roles)
    return [item for item in MENU if item.roles & held]


def main_menu(l10n: L10n, roles: Iterable[str]) -> ReplyKeyboardMarkup:
    labels = [l10n.raw(item.key) for item in menu_items(roles)]
    rows = [
        [KeyboardButton(text=label) for label in labels[i : i + 2]]
        for i in range(0, len(labels), 2)
    ]
    return ReplyKeyboardMarkup(
        keyboard=rows,
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=l10n.raw("menu-placeholder"),
    )
