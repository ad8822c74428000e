"""The shop's people: the staff service, roles, the roster and directory read per update,
the Bitrix24 users they map to, and the shop-wide settings of who sees what."""
