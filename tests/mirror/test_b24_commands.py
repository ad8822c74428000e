"""`stobot b24 setup` / `check` against the fake portal: plain words for what is wrong."""

from __future__ import annotations

from bot.crm.advice import explain
from bot.crm.commands import run_check, run_setup
from bot.i18n import Translator
from services.crm.bitrix24 import Bitrix24NetworkError, Bitrix24Settings
from services.crm.mirror.mapping import load_mapping
from tests.fake_bitrix24.errors import B24Error
from tests.fake_bitrix24.registry import METHODS, Call, MethodSpec


def _settings(url: str) -> Bitrix24Settings:
    return Bitrix24Settings(webhook_url=url, timeout=5)


async def test_setup_then_check(fake_portal, session_factory) -> None:
    out: list[str] = []
    settings = _settings(fake_portal.webhook_url)
    assert await run_check(settings, session_factory, out.append) == 1
    assert any("run `stobot b24 setup`" in line for line in out)
    out.clear()
    assert await run_setup(settings, session_factory, Translator("ru"), "ru", out.append) == 0
    assert any(line.startswith("created: pipeline «Ремонт (бот СТО)»") for line in out)
    assert "  - ONCRMDYNAMICITEMUPDATE" in out
    async with session_factory() as session:
        assert await load_mapping(session) is not None
    out.clear()
    assert await run_setup(settings, session_factory, Translator("ru"), "ru", out.append) == 0
    assert not any(line.startswith("created:") for line in out)
    out.clear()
    assert await run_check(settings, session_factory, out.append) == 0
    assert out[-1] == "Everything the mirror needs is in place."


async def test_check_notices_a_pipeline_deleted_in_the_portal(fake_portal, session_factory):
    settings = _settings(fake_portal.webhook_url)
    assert await run_setup(settings, session_factory, Translator("ru"), "ru", lambda _: None) == 0
    async with session_factory() as session:
        mapping = await load_mapping(session)
    del fake_portal.state.categories.categories[2][mapping.category_id]
    out: list[str] = []
    assert await run_check(settings, session_factory, out.append) == 1
    assert out[-1] == (
        "PROBLEM: The deal pipeline made by setup is gone from the portal: run `stobot b24 setup`."
    )


async def test_check_names_missing_scopes_and_a_bad_webhook(fake_portal, session_factory) -> None:
    out: list[str] = []
    fake_portal.state.scopes = ["crm", "user"]
    assert await run_check(_settings(fake_portal.webhook_url), session_factory, out.append) == 1
    assert any("lacks the scopes task, im, userfieldconfig" in line for line in out)
    out.clear()
    wrong = fake_portal.webhook_url.replace(fake_portal.secret, "wrongsecret")
    assert await run_check(_settings(wrong), session_factory, out.append) == 1
    assert out == [
        "The portal did not accept the webhook: scope failed (INVALID_CREDENTIALS: Invalid "
        "request credentials). The webhook address is wrong, expired or deleted: create an "
        "inbound webhook in the portal (Developer resources → Other → Inbound webhook) with "
        "the scopes crm, task, im, user, userfieldconfig and put its address into "
        "BITRIX24_WEBHOOK_URL."
    ]


async def test_without_a_webhook_nothing_is_called(session_factory) -> None:
    out: list[str] = []
    assert await run_check(Bitrix24Settings(webhook_url=None), session_factory, out.append) == 1
    assert "not set" in out[0]


async def _setup_lines(portal, session_factory) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    settings = _settings(portal.webhook_url)
    assert await run_setup(settings, session_factory, Translator("ru"), "ru", out.append) == 1
    return out


async def test_setup_on_an_old_box_names_the_missing_method_and_the_version(
    fake_portal, session_factory, monkeypatch
) -> None:
    # An on-premise Bitrix24 from before smart processes had REST methods.
    monkeypatch.delitem(METHODS, "crm.type.list")
    [line] = await _setup_lines(fake_portal, session_factory)
    assert line == (
        "Setup stopped: crm.type.list failed (ERROR_METHOD_NOT_FOUND: Method not found!). "
        "This Bitrix24 does not have that method: an on-premise (box) version older than the "
        "mirror needs. Update the portal (the CRM module 25.0.0 or later: smart processes "
        "through crm.type.* and crm.item.*, fields through userfieldconfig.*), then run "
        "`stobot b24 setup` again."
    )


async def test_setup_without_a_scope_names_the_scope_to_tick(fake_portal, session_factory):
    fake_portal.state.scopes = ["crm", "task", "im", "user"]
    [line] = await _setup_lines(fake_portal, session_factory)
    assert line == (
        "Setup stopped: userfieldconfig.list failed (insufficient_scope: The request requires "
        "higher privileges than provided by the webhook token). The webhook lacks the scope "
        "«userfieldconfig»: edit the inbound webhook in the portal, tick «userfieldconfig» "
        "(the mirror needs crm, task, im, user, userfieldconfig) and save; the address stays "
        "the same."
    )


async def test_setup_on_a_plan_without_smart_processes_says_what_to_do(
    fake_portal, session_factory, monkeypatch
) -> None:
    def restricted(_call: Call) -> None:
        # crm.type.add's documented answer when the plan allows no (more) smart processes.
        raise B24Error(400, "CREATE_DYNAMIC_TYPE_RESTRICTED", "Maximum number of SPAs exceeded")

    monkeypatch.setitem(METHODS, "crm.type.add", MethodSpec("crm.type.add", "crm", restricted))
    [line] = await _setup_lines(fake_portal, session_factory)
    assert line == (
        "Setup stopped: crm.type.add failed (CREATE_DYNAMIC_TYPE_RESTRICTED: Maximum number of "
        "SPAs exceeded). The portal's plan allows no more smart processes, and the mirror keeps "
        "cars in one titled «Автомобиль»: move the portal to a plan with smart processes, or "
        "delete a smart process nobody uses, then run `stobot b24 setup` again."
    )


async def test_setup_with_a_wrong_webhook_names_the_setting(fake_portal, session_factory):
    out: list[str] = []
    wrong = _settings(fake_portal.webhook_url.replace(fake_portal.secret, "wrongsecret"))
    assert await run_setup(wrong, session_factory, Translator("ru"), "ru", out.append) == 1
    assert out == [
        "Setup stopped: user.current failed (INVALID_CREDENTIALS: Invalid request credentials). "
        "The webhook address is wrong, expired or deleted: create an inbound webhook in the "
        "portal (Developer resources → Other → Inbound webhook) with the scopes crm, task, im, "
        "user, userfieldconfig and put its address into BITRIX24_WEBHOOK_URL."
    ]


def test_an_unreachable_portal_names_the_method_and_the_setting() -> None:
    refused = Bitrix24NetworkError(
        "ClientConnectorError: Cannot connect to host", maybe_executed=False, method="scope"
    )
    assert explain(refused) == (
        "scope failed (ClientConnectorError: Cannot connect to host). No Bitrix24 answer came "
        "back: check that the portal is up and that BITRIX24_WEBHOOK_URL looks like "
        "https://<portal>/rest/<user id>/<secret>/, then run `stobot b24 setup` again."
    )
