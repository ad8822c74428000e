"""The five roles of a shop; one employee may hold several."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    MASTER = "master"
    SUPPLIER = "supplier"
    HEAD = "head"
    STOREKEEPER = "storekeeper"
    DIRECTOR = "director"


# Stable order used wherever roles are listed (menus, staff lists).
ROLE_ORDER: tuple[Role, ...] = (
    Role.MASTER,
    Role.SUPPLIER,
    Role.HEAD,
    Role.STOREKEEPER,
    Role.DIRECTOR,
)

# Roles that see client phone numbers in full; the others see them masked.
PHONE_VISIBLE_ROLES: frozenset[Role] = frozenset({Role.MASTER, Role.HEAD, Role.DIRECTOR})
# Roles that list the orders closed in a period (📋 Заказы → closed); anyone finds one by 🔎 Поиск.
CLOSED_VIEWERS: frozenset[Role] = frozenset({Role.HEAD, Role.DIRECTOR})


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise ValueError(f"unknown role {value!r}; one of: {', '.join(ROLE_ORDER)}") from None
