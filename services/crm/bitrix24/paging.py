"""Reading whole lists: the `start=-1` fast mode, keyed on ID (contract §6)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

from services.crm.bitrix24.response import Response

PAGE_SIZE = 50

CallFull = Callable[[str, Mapping[str, Any]], Awaitable[Response]]


async def iter_list(
    call: CallFull,
    method: str,
    params: Mapping[str, Any] | None = None,
    *,
    id_field: str = "ID",
    items_key: str | None = None,
    fast: bool = True,
    filter_key: str = "filter",
    order_key: str = "order",
) -> AsyncIterator[dict[str, Any]]:
    """Every row of a list method, page by page.

    Fast mode sends `start=-1` (the portal skips COUNT(*), which costs seconds on big tables),
    orders by `id_field` ascending and asks for `>id_field` of the last row seen until a page
    comes back short. It replaces any `order` given. Without it, plain `start`/`next` paging.
    `items_key` names the list inside wrapper results (`items` for crm.item.list, `tasks` for
    tasks.task.list); by default a single list-valued key is found by itself.
    """
    base = dict(params or {})
    if not fast:
        async for row in _by_offset(call, method, base, items_key):
            yield row
        return
    filter_ = dict(base.get(filter_key) or {})
    select = base.get("select")
    if isinstance(select, list | tuple) and select and "*" not in select and id_field not in select:
        # The next page starts after the last row's id, so the id must come back.
        base["select"] = [*select, id_field]
    after_key = f">{id_field}"
    last_id: Any = filter_.pop(after_key, None)
    # tasks.* read order values in lower case, crm.* in upper case (contract §6).
    direction = "asc" if method.lower().startswith("tasks.") else "ASC"
    while True:
        page_filter = dict(filter_)
        if last_id is not None:
            page_filter[after_key] = last_id
        page_params = {
            **base,
            filter_key: page_filter,
            order_key: {id_field: direction},
            "start": -1,
        }
        response = await call(method, page_params)
        rows = rows_of(response.result, items_key)
        for row in rows:
            yield row
        if len(rows) < PAGE_SIZE:
            return
        last_id = _row_id(rows[-1], id_field)


async def _by_offset(
    call: CallFull, method: str, base: dict[str, Any], items_key: str | None
) -> AsyncIterator[dict[str, Any]]:
    start = 0
    while True:
        response = await call(method, {**base, "start": start})
        for row in rows_of(response.result, items_key):
            yield row
        if response.next is None:
            return
        start = response.next


def rows_of(result: Any, items_key: str | None = None) -> list[dict[str, Any]]:
    """The rows of a list answer: a bare list, or a list under one key of a wrapper object."""
    if isinstance(result, list):
        return result
    if isinstance(result, dict):
        if items_key is not None:
            rows = result.get(items_key)
            return rows if isinstance(rows, list) else []
        lists = [value for value in result.values() if isinstance(value, list)]
        if len(lists) == 1:
            return lists[0]
        if not result:
            return []
    raise ValueError("cannot find the rows in this answer; pass items_key")


def _row_id(row: Mapping[str, Any], id_field: str) -> int:
    # Old crm.* and tasks return ids as strings; compare them as numbers.
    for key in (id_field, id_field.lower(), id_field.upper()):
        if key in row:
            return int(row[key])
    raise ValueError(f"rows have no {id_field!r} field; add it to select")
