"""The `stobot` command line: run, migrate, staff management (and more as the product grows)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_settings import BaseSettings

from bot.runtime import event_loop
from bot.settings import (
    BotSettings,
    ConfigError,
    DatabaseSettings,
    RedisSettings,
    Settings,
    ShopSettings,
    WebhookSettings,
    describe_validation_error,
    lenient_locale,
    load_settings,
)
from services.staff.roles import ROLE_ORDER, Role, parse_role

SectionT = TypeVar("SectionT", bound=BaseSettings)


def _section(cls: type[SectionT]) -> SectionT:
    try:
        return cls()
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(cls, exc)) from None


def _role(value: str) -> Role:
    try:
        return parse_role(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stobot", description="Telegram workflow bot for auto-service shops."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser(
        "run",
        help="run the bot (applies pending migrations first)",
        description="Run the bot: long polling, or webhook when WEBHOOK_URL is set.",
    )
    commands.add_parser(
        "migrate",
        help="apply database migrations (Alembic upgrade head)",
        description="Apply pending database migrations and exit.",
    )

    demo = commands.add_parser(
        "demo",
        help="run one whole order through the bot with five fake people and print it",
        description="No token needed: runs one order through the real Dispatcher with the "
        "fake Bot session the tests use, on a throwaway SQLite database, and prints what "
        "each of the five people sees and taps.",
    )
    demo.add_argument("--lang", choices=["ru", "en"], default="ru", help="language of the people")

    staff = commands.add_parser(
        "staff",
        help="add, list, invite and deactivate employees",
        description="Manage the shop's staff from the command line.",
    )
    staff_commands = staff.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    roles_help = f"one of: {', '.join(ROLE_ORDER)}; repeat for several"

    add = staff_commands.add_parser(
        "add",
        help="add an employee (or give more roles)",
        description="Add an employee by Telegram id, e.g. the first "
        "director: stobot staff add --telegram-id 123 --role director",
    )
    add.add_argument("--telegram-id", type=int, required=True)
    add.add_argument("--role", action="append", required=True, type=_role, help=roles_help)
    add.add_argument("--name", default="", help="full name (defaults to the Telegram id)")
    add.add_argument("--bitrix-user-id", type=int, default=None)

    staff_commands.add_parser(
        "list",
        help="list employees and their roles",
        description="List employees with their roles and status.",
    )

    invite = staff_commands.add_parser(
        "invite",
        help="print a one-time invite link for a role",
        description="Print a one-time, expiring invite link.",
    )
    invite.add_argument(
        "--role", required=True, type=_role, help=f"one of: {', '.join(ROLE_ORDER)}"
    )
    invite.add_argument(
        "--hours", type=int, default=None, help="validity (default INVITE_TTL_HOURS)"
    )

    deactivate = staff_commands.add_parser(
        "deactivate",
        help="deactivate an employee",
        description="Deactivate an employee: the bot stops answering them; history stays.",
    )
    deactivate.add_argument("--telegram-id", type=int, required=True)

    from bot.crm.commands import add_parser as add_b24_parser

    add_b24_parser(commands)
    from bot.cli.importing import add_parser as add_import_parser

    add_import_parser(commands)
    return parser


async def _with_session(action: Callable[[Any], Awaitable[int]]) -> int:
    from services.storage.engine import create_engine, create_session_factory
    from services.storage.migrate import upgrade

    engine = create_engine(_section(DatabaseSettings).url)
    try:
        await upgrade(engine)
        async with create_session_factory(engine)() as session:
            return await action(session)
    finally:
        await engine.dispose()


async def _bot_username() -> str:
    bot_settings = _section(BotSettings)
    if bot_settings.username:
        return bot_settings.username.lstrip("@")
    from aiogram import Bot

    async with Bot(bot_settings.token.get_secret_value()) as bot:
        me = await bot.get_me()
    return me.username or ""


async def _staff(args: argparse.Namespace) -> int:
    commands = {
        "add": _staff_add,
        "list": _staff_list,
        "invite": _staff_invite,
        "deactivate": _staff_deactivate,
    }
    return await commands[args.staff_command](args)


async def _staff_add(args: argparse.Namespace) -> int:
    from services.staff.service import StaffService, sorted_roles

    async def add(session: Any) -> int:
        employee = await StaffService(session).add(
            args.telegram_id, args.name, args.role, bitrix_user_id=args.bitrix_user_id
        )
        roles = ", ".join(sorted_roles(employee.role_names))
        print(f"added {employee.full_name} (telegram id {employee.telegram_id}): {roles}")
        return 0

    return await _announced(await _with_session(add))


async def _staff_list(args: argparse.Namespace) -> int:
    from services.staff.service import StaffService, sorted_roles

    async def list_staff(session: Any) -> int:
        for e in await StaffService(session).list_all():
            status = "active" if e.is_active else "inactive"
            roles = ",".join(sorted_roles(e.role_names)) or "-"
            b24 = e.bitrix_user_id or "-"
            print(f"{e.telegram_id}\t{e.full_name}\t{roles}\t{status}\tbitrix24:{b24}")
        return 0

    return await _with_session(list_staff)


async def _staff_invite(args: argparse.Namespace) -> int:
    from handlers.invites import invite_link
    from services.staff.service import StaffService

    hours = args.hours or _section(ShopSettings).invite_ttl_hours
    username = await _bot_username()

    async def invite(session: Any) -> int:
        issued = await StaffService(session).create_invite(
            args.role, actor=None, ttl=timedelta(hours=hours)
        )
        print(invite_link(username, issued.token))
        print(f"role {issued.role}, valid until {issued.expires_at:%Y-%m-%d %H:%M} UTC, once")
        return 0

    return await _with_session(invite)


async def _staff_deactivate(args: argparse.Namespace) -> int:
    from services.errors import NotFound
    from services.staff.service import StaffService

    async def deactivate(session: Any) -> int:
        try:
            employee = await StaffService(session).deactivate(args.telegram_id)
        except NotFound:
            print(f"error: employee with telegram id {args.telegram_id} not found", file=sys.stderr)
            return 1
        print(f"deactivated {employee.full_name} (telegram id {employee.telegram_id})")
        return 0

    return await _announced(await _with_session(deactivate))


async def _announced(status: int) -> int:
    """Running bots keep employees in memory: tell them through Redis that staff changed
    (without Redis there is one bot process, which notices within 30 seconds)."""
    redis_url = _section(RedisSettings).url
    if status != 0 or not redis_url:
        return status
    from redis.asyncio import Redis
    from redis.exceptions import RedisError

    from services.staff.directory import announce_staff_change

    late = "running bots will notice within 30 seconds"
    try:
        bot_id = _section(BotSettings).bot_id
    except ConfigError as error:
        # No token where staff is managed is fine (it may live only where the bot runs); a
        # malformed one is a mistake worth naming.
        problem = "BOT_TOKEN is not set here" if str(error).endswith("not set") else str(error)
        print(f"note: {problem}; {late}", file=sys.stderr)
        return status
    redis = Redis.from_url(redis_url)
    try:
        await announce_staff_change(redis, bot_id)
    except RedisError as error:
        print(f"note: Redis unreachable ({type(error).__name__}), {late}", file=sys.stderr)
    finally:
        await redis.aclose()
    return status


async def _demo(lang: str) -> int:
    from bot.testing.demo.runner import run_demo

    await run_demo(lang)
    return 0


async def _migrate() -> int:
    from services.storage.engine import create_engine
    from services.storage.migrate import upgrade

    engine = create_engine(_section(DatabaseSettings).url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    print("database is up to date")
    return 0


async def _b24(args: argparse.Namespace) -> int:
    from bot.crm.commands import run_check, run_setup
    from bot.i18n import Translator
    from services.crm.bitrix24 import Bitrix24Settings
    from services.storage.engine import create_engine, create_session_factory
    from services.storage.migrate import upgrade

    bitrix24 = _section(Bitrix24Settings)
    locale = lenient_locale()
    engine = create_engine(_section(DatabaseSettings).url)
    try:
        await upgrade(engine)
        factory = create_session_factory(engine)
        if args.b24_command == "setup":
            return await run_setup(bitrix24, factory, Translator(locale), locale)
        return await run_check(bitrix24, factory)
    finally:
        await engine.dispose()


async def _import(args: argparse.Namespace) -> int:
    from bot.cli.importing import run as run_import_command
    from services.crm.bitrix24 import Bitrix24Settings

    outbox = _section(Bitrix24Settings).enabled
    locale = lenient_locale()
    return await run_import_command(args, _section(DatabaseSettings).url, outbox, locale)


async def _run() -> int:
    from bot.runner import run_bot
    from bot.runtime.logging_setup import setup_logging

    settings = load_settings()
    setup_logging(log_secrets(settings))
    await run_bot(settings)
    return 0


def log_secrets(settings: Settings) -> list[str]:
    """The configured secrets and the webhook secret derived from the token when none is set."""
    return _secrets(settings.bot, settings.webhook, settings.bitrix24)


def one_shot_secrets() -> list[str]:
    """The same secrets for a one-shot command's log redactor, from the sections that load: a
    section that does not holds none to mask (the command reports it if it needs that section),
    and an unrelated bad setting (SHOP_TIMEZONE) does not stop the command."""
    from services.crm.bitrix24 import Bitrix24Settings

    def loaded(cls: type[SectionT]) -> SectionT | None:
        try:
            return _section(cls)
        except ConfigError:
            return None

    return _secrets(loaded(BotSettings), loaded(WebhookSettings), loaded(Bitrix24Settings))


def _secrets(bot: BotSettings | None, webhook: WebhookSettings | None, bitrix24: Any) -> list[str]:
    from bot.app import derived_webhook_secret

    found = [bot.token.get_secret_value()] if bot is not None else []
    if webhook is not None and webhook.secret:
        found.append(webhook.secret.get_secret_value())
    elif bot is not None:
        found.append(derived_webhook_secret(bot.token.get_secret_value()))
    return found + (bitrix24.secrets() if bitrix24 is not None else [])


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command != "run":  # `run` sets up its own logging: INFO, with every secret
        from bot.runtime.logging_setup import setup_logging

        # stdout is the command's own output (the demo's transcript, an invite link); logs go
        # to stderr, and only warnings and errors: the progress lines are for a running bot.
        setup_logging(one_shot_secrets(), level="WARNING")
    try:
        if args.command == "run":
            return event_loop.run(_run())
        if args.command == "migrate":
            return event_loop.run(_migrate())
        if args.command == "demo":
            return event_loop.run(_demo(args.lang))
        if args.command == "b24":
            return event_loop.run(_b24(args))
        if args.command == "import":
            return event_loop.run(_import(args))
        return event_loop.run(_staff(args))
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # one line for the operator; no traceback wall for known faults
        from services.errors import DomainError

        if isinstance(error, DomainError):
            print(f"error: {error.key}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
