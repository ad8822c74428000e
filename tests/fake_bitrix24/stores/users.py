"""Users (user.get/user.current), notifications (im.notify.*), and the probes a `check`
command uses (scope, profile, methods, app.info)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fake_bitrix24.errors import B24Error
from tests.fake_bitrix24.query import matches, order_rows, page
from tests.fake_bitrix24.registry import METHODS, Call, ListResult, method
from tests.fake_bitrix24.values import to_int

if TYPE_CHECKING:
    from tests.fake_bitrix24.stores.state import PortalState

ALL_SCOPES = ["crm", "task", "im", "user", "userfieldconfig", "basic", "placement"]


class Users:
    def __init__(self, state: PortalState) -> None:
        self.state = state
        self.rows: dict[int, dict[str, Any]] = {}
        self.add(state.webhook_user_id, "Admin", "Portal", email="admin@example.com", admin=True)

    def add(
        self,
        user_id: int | None = None,
        name: str = "",
        last_name: str = "",
        email: str = "",
        active: bool = True,
        departments: list[int] | None = None,
        admin: bool = False,
        **extra: Any,
    ) -> dict[str, Any]:
        uid = user_id or (max(self.rows, default=0) + 1)
        row = {
            "ID": str(uid),
            "ACTIVE": active,
            "NAME": name,
            "LAST_NAME": last_name,
            "SECOND_NAME": "",
            "EMAIL": email,
            "USER_TYPE": "employee",
            "UF_DEPARTMENT": departments or [1],
            "TIME_ZONE": "Europe/Moscow",
            "_admin": admin,
            **extra,
        }
        self.rows[uid] = row
        return row

    @staticmethod
    def out(row: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in row.items() if not k.startswith("_")}


@method("user.current", "user")
def user_current(call: Call) -> dict[str, Any]:
    return Users.out(call.state.users.rows[call.state.webhook_user_id])


@method("user.get", "user")
def user_get(call: Call) -> ListResult:
    users = call.state.users
    flt = dict(call.params.dict("filter"))
    for key in ("ID", "ACTIVE", "EMAIL", "USER_TYPE"):  # top-level shorthand keys
        if call.params.has(key, exact=True):
            flt[key] = call.params.get(key, exact=True)

    def get(row: dict[str, Any], field: str) -> Any:
        if field.upper() == "ID":
            return int(row["ID"])
        if field.upper() == "NAME_SEARCH":
            return f"{row['NAME']} {row['LAST_NAME']}"
        value = row.get(field.upper())
        return ("Y" if value else "N") if isinstance(value, bool) else value

    if "NAME_SEARCH" in flt:
        flt["%NAME_SEARCH"] = flt.pop("NAME_SEARCH")
    rows = [r for r in users.rows.values() if matches(r, flt, get)]
    sort = call.params.get("sort")
    order = {sort: call.params.get("order") or "ASC"} if sort else None
    rows = order_rows(rows, order, get, {"ID": "ASC"})
    chunk, total, nxt = page(rows, call.params.get("start"))
    return ListResult([Users.out(r) for r in chunk], total, nxt)


def _notify(call: Call, kind: str) -> Any:
    user_id = to_int(call.params.get("USER_ID"))
    message = str(call.params.get("MESSAGE") or "").strip()
    if not user_id:
        raise B24Error(400, "USER_ID_EMPTY", "Recipient ID not specified")
    if not message:
        raise B24Error(400, "MESSAGE_EMPTY", "Message text is empty")
    attach = call.params.get("ATTACH")
    if attach is not None and len(str(attach)) > 60_000:
        raise B24Error(400, "ATTACH_OVERSIZE", "Attachment exceeds the maximum size")
    if user_id not in call.state.users.rows:
        return False
    nid = call.state.next_id("notify")
    call.state.notifications.append(
        {"id": nid, "kind": kind, **call.params.data, "MESSAGE": message}
    )
    return nid


method("im.notify.system.add", "im")(lambda c: _notify(c, "system"))
method("im.notify.personal.add", "im")(lambda c: _notify(c, "personal"))
method("im.notify", "im")(lambda c: _notify(c, "system"))


@method("scope", "basic")
def scope(call: Call) -> list[str]:
    if call.params.get("full") in (True, "true", "1", "Y"):
        return sorted({spec.scope for spec in METHODS.values()})
    return list(call.state.scopes)


@method("methods", "basic")
def methods(call: Call) -> list[str]:
    wanted = call.params.get("scope")
    granted = set(call.state.scopes) | {"basic"}
    return sorted(
        s.name for s in METHODS.values() if (s.scope == wanted if wanted else s.scope in granted)
    )


@method("method.get", "basic")
def method_get(call: Call) -> dict[str, bool]:
    spec = METHODS.get(str(call.params.get("name") or "").lower())
    return {
        "isExisting": spec is not None,
        "isAvailable": spec is not None and spec.scope in {*call.state.scopes, "basic"},
    }


@method("profile", "basic")
def profile(call: Call) -> dict[str, Any]:
    row = call.state.users.rows[call.state.webhook_user_id]
    return {
        "ID": int(row["ID"]),
        "ADMIN": bool(row.get("_admin")),
        "NAME": row["NAME"],
        "LAST_NAME": row["LAST_NAME"],
        "PERSONAL_GENDER": "",
        "TIME_ZONE": row["TIME_ZONE"],
        "TIME_ZONE_OFFSET": 10800,
    }


@method("server.time", "basic")
def server_time(call: Call) -> str:
    return call.state.now().isoformat(timespec="seconds")


@method("event.bind", "basic")
def event_bind(call: Call) -> Any:
    raise B24Error(403, "WRONG_AUTH_TYPE", "Current authorization type is denied for this method")
