"""`stobot b24 setup` / `check` against the fake portal: plain words for what is wrong."""

from __future__ import annotations

from bot.b24_commands import run_check, run_setup
from bot.i18n import Translator
from services.bitrix24 import Bitrix24Settings
from services.mirror.mapping import load_mapping


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
        "The portal did not accept the webhook: the webhook address is wrong, expired or "
        "deleted; create a new inbound webhook."
    ]


async def test_without_a_webhook_nothing_is_called(session_factory) -> None:
    out: list[str] = []
    assert await run_check(Bitrix24Settings(webhook_url=None), session_factory, out.append) == 1
    assert "not set" in out[0]
