"""§10-11: tasks (UPPER in / camel out, quirky errors), timeline, im.notify, users."""

import aiohttp

from tests.fake_bitrix24.helpers import ok, rest
from tests.fake_bitrix24.portal import FakePortal


async def test_tasks(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    task = (
        await ok(
            http,
            fake_portal,
            "tasks.task.add",
            {
                "fields": {
                    "TITLE": "Калькуляция",
                    "RESPONSIBLE_ID": 1,
                    "DEADLINE": "2026-02-01T18:00:00+03:00",
                    "UF_CRM_TASK": ["D_812", "C_57"],
                }
            },
        )
    )["task"]
    assert task["id"] == "1" and task["status"] == "2" and task["responsibleId"] == "1"
    assert "ufCrmTask" not in task and task["deadline"].startswith("2026-02-01T18:00:00")
    got = (
        await ok(
            http,
            fake_portal,
            "tasks.task.get",
            {"taskId": 1, "select": ["ID", "TITLE", "STATUS", "UF_CRM_TASK"]},
        )
    )["task"]
    assert got["ufCrmTask"] == ["D_812", "C_57"] and got["title"] == "Калькуляция"
    done = (await ok(http, fake_portal, "tasks.task.complete", {"taskId": 1}))["task"]
    assert done["status"] == "5"
    _, page = await rest(
        http,
        fake_portal,
        "tasks.task.list",
        {"filter": {"UF_CRM_TASK": "D_812", "REAL_STATUS": 5}, "select": ["ID"]},
    )
    assert page["total"] == 1 and page["result"]["tasks"] == [{"id": "1"}]


async def test_task_errors(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    assert await rest(http, fake_portal, "tasks.task.add", {"fields": {"RESPONSIBLE_ID": 1}}) == (
        400,
        {"error": "ERROR_CORE", "error_description": "Task title is not specified<br>"},
    )
    assert await rest(http, fake_portal, "tasks.task.get", {"taskId": 99}) == (
        400,
        {"error": "0", "error_description": "Action on the task is not allowed"},
    )
    status, body = await rest(http, fake_portal, "tasks.task.add", {})
    assert (status, body["error"]) == (400, "100")


async def test_timeline_comment(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    deal_id = fake_portal.state.deals.create({"TITLE": "x"}, emit=False)
    cid = await ok(
        http,
        fake_portal,
        "crm.timeline.comment.add",
        {
            "fields": {
                "ENTITY_ID": deal_id,
                "ENTITY_TYPE": "deal",
                "COMMENT": "Принят",
                "FILES": [["a.jpg", "aGVsbG8="]],
            }
        },
    )
    assert isinstance(cid, int)
    status, body = await rest(
        http,
        fake_portal,
        "crm.timeline.comment.add",
        {"FIELDS": {"ENTITY_ID": deal_id, "ENTITY_TYPE": "deal", "COMMENT": "upper"}},
    )
    assert status == 400  # lowercase `fields` only
    status, body = await rest(
        http,
        fake_portal,
        "crm.timeline.comment.add",
        {"fields": {"ENTITY_ID": 999, "ENTITY_TYPE": "deal", "COMMENT": "x"}},
    )
    assert (status, body["error"]) == (400, "OWNER_NOT_FOUND")
    rows = await ok(
        http,
        fake_portal,
        "crm.timeline.comment.list",
        {"filter": {"ENTITY_ID": deal_id, "ENTITY_TYPE": "deal"}},
    )
    assert rows[0]["COMMENT"] == "Принят" and len(rows[0]["FILES"]) == 1


async def test_users_and_notify(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    fake_portal.state.users.add(12, "Пётр", "Мастер", email="m@example.com")
    users = await ok(http, fake_portal, "user.get", {"FILTER": {"ACTIVE": True}})
    assert [u["ID"] for u in users] == ["1", "12"]
    assert (await ok(http, fake_portal, "user.get", {"ID": 12}))[0]["NAME"] == "Пётр"
    nid = await ok(
        http,
        fake_portal,
        "im.notify.system.add",
        {"USER_ID": 12, "MESSAGE": " [b]Новая задача[/b] "},
    )
    assert isinstance(nid, int) and fake_portal.state.notifications[0]["MESSAGE"] == (
        "[b]Новая задача[/b]"
    )
    status, body = await rest(http, fake_portal, "im.notify.personal.add", {"USER_ID": 12})
    assert (status, body["error"]) == (400, "MESSAGE_EMPTY")
    profile = await ok(http, fake_portal, "profile")
    assert profile["ID"] == 1 and profile["ADMIN"] is True
