"""Benchmark: the update path — 20,000 updates through the real Dispatcher against aiogram's floor.

Fifty employees (18 masters, 10 suppliers, 8 heads, 10 storekeepers, 4 directors) work a shop
on a scratch PostgreSQL database, with FSM state and the per-user lock in Redis and the
recording fake Bot session: masters open orders through the seven-step dialog and book clients,
suppliers take and price them and order the parts, heads price the labour, storekeepers receive
the parts, masters hand the cars over; in between everyone taps their menu buttons, opens cards
and history. Every update is built from what the person's chat shows at that moment, as a
person would tap it; a flow whose button is gone (another supplier took the task first) ends
with /cancel, as a person would.

The updates go, in one run, in turns of 500:
  * through our Dispatcher (`bot.app.build_dispatcher`, with the Redis storage `stobot run`
    builds): 3/4 of them with 50 in flight (one per person, each person one update at a time,
    as Telegram delivers them) for throughput, then 1/4 one at a time for latency and SQL
    round-trips (engine event `before_cursor_execute`, counted per update);
  * after each turn of ours, the same updates, replayed, through a bare aiogram Dispatcher on
    the same Redis (same fake session), whose one handler sets and reads an FSM state and
    answers: the framework's floor. Taking turns keeps the ratio honest on a machine whose
    speed drifts; our background notice sender rests during the floor's turns.
Building an update from what the chat shows is the bench's work, not the bot's: the floor
replays them built, so the time ours spends building them is measured and left out.
Prints the figures by update kind, then, last:
    updates_per_s=<ours> floor_per_s=<bare> overhead=<bare/ours> p50_ms=<ours> p99_ms=<ours>
    sql_per_update=<n>
where sql_per_update is the median over the sequential updates (ordinary ones: a menu tap,
a dialog step, a button; the save of a whole order is in the per-kind lines).

    python -m bench.updates [--updates 20000] [--database-url postgresql+asyncpg://…/postgres]
                            [--redis-url redis://127.0.0.1:6379/0]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import statistics
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import count
from typing import Any

from aiogram import Dispatcher
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import DefaultKeyBuilder
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, Update
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.alerts.sender import Sender
from bot.app import build_bot, build_dispatcher, build_storage
from bot.i18n import Translator
from bot.render.orders import ACT_KEYS
from bot.runtime import event_loop
from bot.runtime.heap import freeze_startup_objects
from bot.runtime.logging_setup import setup_logging
from bot.settings import (
    BotSettings,
    DatabaseSettings,
    RedisSettings,
    Settings,
    ShopSettings,
    TelegramSettings,
    WebhookSettings,
)
from bot.testing.fake_telegram import BOT_USER, FakeTelegramSession, TelegramUser
from services.orders.stages import Stage
from services.staff.directory import generation_key
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.engine import create_engine, create_session_factory
from services.storage.migrate import upgrade

ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1/postgres")
# A database of its own (the tests use 15); every key the run writes is deleted afterwards.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
# A bot id of its own: the update dedupe's keys are named by bot id and update id.
BOT_ID = 777000123
TOKEN = f"{BOT_ID}:BENCH-token-not-a-real-one-0000000"
CHUNK = 500  # updates per turn of ours, then the floor's replay of them
SCREENS_SEEN = 6  # a person looks for buttons on the chat's last screens only
CREW = (
    (Role.MASTER, 18),
    (Role.SUPPLIER, 10),
    (Role.HEAD, 8),
    (Role.STOREKEEPER, 10),
    (Role.DIRECTOR, 4),
)
L = Translator("ru").get("ru").raw
# Statements run on behalf of the update being measured; the background sender's own
# transactions (another task, another context) are not the update's.
SQL_COUNT: ContextVar[list[int] | None] = ContextVar("bench_sql_count", default=None)


def count_sql(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    counter = SQL_COUNT.get()
    if counter is not None:
        counter[0] += 1
        if os.environ.get("BENCH_SQL"):
            print("    SQL", " ".join(statement.split())[:160])


async def _admin(sql: str) -> None:
    engine = create_async_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


# --- people and what they do -------------------------------------------------------------------

Step = tuple[str, str]  # (what, argument): ("press"|"type"|"tap"|"ticks", label or text)


def _take_act(stage: str) -> list[Step]:
    """«Беру» on the task's notice, then its stage button (named for the stage's work)."""
    return [("tap", L("notice-btn-take")), ("tap", L(ACT_KEYS[Stage(stage)]))]


@dataclass
class Person:
    user: TelegramUser
    role: Role
    rnd: random.Random
    plan: list[Step] = field(default_factory=list)


class Shop:
    """Builds each person's next update from what their chat shows, and feeds it."""

    def __init__(self, fake: FakeTelegramSession, feed: Callable[[Update], Awaitable[Any]]) -> None:
        self.fake = fake
        self.feed = feed
        # Telegram's update ids only grow; start past any run that died before its clean-up.
        self.update_ids = count(int(time.time() * 1000))
        self.message_ids = count(1)
        self.orders = count(1)
        self.recorded: list[tuple[str, Update]] = []
        self.aborted: dict[str, int] = defaultdict(int)
        self.by_step: dict[str, list[float]] = defaultdict(list)
        self.sequential = False  # latency by step is only meaningful one update at a time
        # Seconds spent building updates (reading the chat, making the pydantic objects). The
        # floor replays updates already built, so this is taken out of ours' time too.
        self.building_s = 0.0

    # Flows, one per role; each is the demo's story cut into the part one person plays.
    def next_flow(self, person: Person) -> list[Step]:
        rnd = person.rnd
        menu = [("press", L(key)) for key in _MENU[person.role]]
        # A list, then one of its orders; then the card's history or its car's other orders.
        browse: list[Step] = [rnd.choice(menu), ("open", "o:open:"), ("open", "o:hist:")]
        flows: list[tuple[float, list[Step]]] = [(3, [rnd.choice(menu)]), (2, browse)]
        if person.role == Role.MASTER:
            n = next(self.orders)
            issue = ("tap", L(ACT_KEYS[Stage.PRE_ISSUE_CHECK]))
            flows += [
                (2, self._new_order(n)),
                (1, [("press", L("menu-search")), ("type", f"А{n % 900 + 100:03d}ВС77")]),
                (1, self._approval()),
                (1, [issue, ("ticks", "☐ "), ("tap", "выдать")]),
            ]
        elif person.role == Role.SUPPLIER:
            pricing, purchase = _take_act("PARTS_PRICING"), _take_act("PARTS_PURCHASE")
            flows += [
                (3, [*pricing, ("type", "4200 - Автодок 2"), ("type", "1550 - Emex 3")]),
                (2, [*purchase, ("type", "E-55812"), ("tap", "завтра"), ("tap", "Тот же заказ")]),
            ]
        elif person.role == Role.HEAD:
            works = "Замена колодок 1500\nЗамена фильтра салона 500"
            labour = _take_act("LABOUR_PRICING")
            flows += [(3, [*labour, ("type", works), ("tap", L("labour-btn-approve"))])]
        elif person.role == Role.STOREKEEPER:
            receive = [("tap", "Колодки"), ("tap", "все"), ("tap", "Фильтр"), ("tap", "все")]
            flows += [(3, [*_take_act("AWAITING_DELIVERY"), *receive])]
        weights = [w for w, _ in flows]
        return list(rnd.choices([f for _, f in flows], weights)[0])

    @staticmethod
    def _new_order(n: int) -> list[Step]:
        return [
            ("press", L("menu-new-order")),
            ("type", f"8 916 {n // 10000 % 1000:03d}-{n // 100 % 100:02d}-{n % 100:02d}"),
            ("type", f"Клиент {n}"),
            ("type", f"VF1LM1B0H36{n % 1_000_000:06d} А{n % 900 + 100:03d}ВС77"),
            ("type", "стук спереди справа на кочках"),
            ("type", "Колодки передние 1\nФильтр салона; 7701064235; 1"),
            ("tap", L("new-order-btn-done")),
            ("tap", L("new-order-btn-skip")),
            ("tap", L("new-order-btn-save")),
        ]

    @staticmethod
    def _approval() -> list[Step]:
        return [
            ("tap", L(ACT_KEYS[Stage.CLIENT_APPROVAL])),
            ("tap", L("approval-btn-agreed")),
            ("tap", L("approval-btn-after-tomorrow")),
            ("tap", "10:00"),
            ("tap", L("approval-btn-book")),
        ]

    async def step(self, person: Person) -> tuple[str, float]:
        """Feeds the person's next update; returns its kind and the time it took."""
        building = time.perf_counter()
        what, arg, update = "press", L(_MENU[person.role][0]), None
        for _ in range(5):
            fresh = not person.plan
            if fresh:
                person.plan = self.next_flow(person)
            what, arg = person.plan.pop(0)
            if what == "ticks":
                update = self._update(person, "tap", arg)
                if update is None:
                    continue  # all ticked: on to the flow's next step
                person.plan.insert(0, (what, arg))  # one tap per item
                break
            update = self._update(person, what, arg)
            if update is not None:
                break
            if (
                not fresh and what != "open"
            ):  # the button is gone mid-flow: leave whatever dialog we are in
                self.aborted[f"{person.role.value}:{what}:{arg}"] += 1
                what, arg, update = "command", "/cancel", self._message(person, "/cancel")
                person.plan = []
                break
            person.plan = []  # nothing to take or open right now: do something else
        if update is None:
            what, arg = "press", L(_MENU[person.role][0])
            update = self._message(person, arg)
        kind = {
            "press": "menu",
            "type": "dialog text",
            "tap": "button",
            "ticks": "button",
            "open": "button",
        }.get(what, what)
        self.recorded.append((kind, update))
        started = time.perf_counter()
        self.building_s += started - building
        await self.feed(update)
        took = time.perf_counter() - started
        if self.sequential:
            self.by_step[
                f"{what} {arg[:24]!r}" if what != "type" else f"type in {person.role}"
            ].append(took * 1000)
        return kind, took

    def forget(self) -> None:
        """After the floor's turn: its updates and the replies nobody sees any more go, so the
        heap (and every full garbage collection) does not grow with the run."""
        self.recorded.clear()
        self.fake.forget(keep_last=SCREENS_SEEN)

    def _update(self, person: Person, what: str, arg: str) -> Update | None:
        if what in ("press", "type"):
            return self._message(person, arg)
        found = self._button(person, arg, by_data=what == "open")
        if found is None:
            return None
        message_id, data = found
        shown = self.fake.chats[person.user.id][message_id]
        markup = shown.markup if isinstance(shown.markup, InlineKeyboardMarkup) else None
        n = next(self.update_ids)
        query = CallbackQuery(
            id=str(n),
            from_user=person.user.user,
            chat_instance=str(person.user.id),
            message=Message(
                message_id=message_id,
                date=0,
                chat=person.user.chat,
                from_user=BOT_USER,
                text=shown.text,
                reply_markup=markup,
            ),
            data=data,
        )
        return Update(update_id=n, callback_query=query)

    def _message(self, person: Person, value: str) -> Update:
        message = Message(
            message_id=next(self.message_ids),
            date=0,
            chat=person.user.chat,
            from_user=person.user.user,
            text=value,
        )
        return Update(update_id=next(self.update_ids), message=message)

    def _button(self, person: Person, label: str, by_data: bool = False) -> tuple[int, str] | None:
        """The newest inline button whose text contains `label` (or whose data starts with it),
        as a person finds it on screen; only the last screens count, older ones scrolled away."""
        chat = self.fake.chats[person.user.id]
        for message_id in sorted(chat)[-SCREENS_SEEN:][::-1]:
            markup = chat[message_id].markup
            if not isinstance(markup, InlineKeyboardMarkup):
                continue
            for row in markup.inline_keyboard:
                for button in row:
                    data = button.callback_data
                    if data and (data.startswith(label) if by_data else label in button.text):
                        return message_id, data
        return None


_MENU: dict[Role, tuple[str, ...]] = {
    Role.MASTER: ("menu-my-orders", "menu-my-tasks"),
    Role.SUPPLIER: ("menu-parts-pricing", "menu-purchases", "menu-deliveries", "menu-my-tasks"),
    Role.HEAD: ("menu-labour-pricing", "menu-overdue", "menu-orders", "menu-my-tasks"),
    Role.STOREKEEPER: ("menu-receiving", "menu-my-tasks"),
    Role.DIRECTOR: ("menu-orders", "menu-staff"),
}


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Figures:
    per_s: float
    latencies_ms: dict[str, list[float]]
    sql: dict[str, list[int]] = field(default_factory=dict)

    def all_ms(self) -> list[float]:
        return [v for values in self.latencies_ms.values() for v in values]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


async def concurrently(people: list[Person], shop: Shop, updates: int) -> float:
    """Seconds for `updates` with one update in flight per person (50 people, 50 in flight)."""
    left = updates

    async def work(person: Person) -> None:
        nonlocal left
        while left > 0:
            left -= 1
            await shop.step(person)

    started = time.perf_counter()
    await asyncio.gather(*(work(p) for p in people))
    return time.perf_counter() - started


async def one_at_a_time(
    people: list[Person], shop: Shop, updates: int, rnd: random.Random, figures: Figures
) -> float:
    """Seconds for `updates` one at a time; latency and SQL statements go into `figures`."""
    started = time.perf_counter()
    for _ in range(updates):
        sql = [0]
        token = SQL_COUNT.set(sql)
        try:
            kind, took = await shop.step(rnd.choice(people))
        finally:
            SQL_COUNT.reset(token)
        figures.latencies_ms[kind].append(took * 1000)
        figures.sql[kind].append(sql[0])
        if os.environ.get("BENCH_SQL"):
            print(f"  ^ {kind}: {sql[0]} statements, {took * 1000:.1f} ms")
    return time.perf_counter() - started


class Floor:
    """The same updates through a bare Dispatcher: set and read a state in Redis, answer."""

    def __init__(self, storage_url: str, prefix: str) -> None:
        self.storage = RedisStorage.from_url(
            storage_url, key_builder=DefaultKeyBuilder(prefix=prefix)
        )
        self.dp = Dispatcher(storage=self.storage)
        self.dp.message.register(self._on_message)
        self.dp.callback_query.register(self._on_callback)
        self.bot = build_bot(_settings(), session=FakeTelegramSession())
        self.cpu_s = 0.0  # CPU seconds of the turns with 50 in flight

    @staticmethod
    async def _on_message(message: Message, state: FSMContext) -> None:
        await state.set_state("bench:seen")
        await state.get_state()
        await message.answer("ok")

    @staticmethod
    async def _on_callback(query: CallbackQuery, state: FSMContext) -> None:
        await state.set_state("bench:seen")
        await state.get_state()
        await query.answer("ok")

    async def concurrently(self, recorded: list[tuple[str, Update]]) -> float:
        """Seconds for the updates replayed as they came: each person's in order, 50 at once;
        the CPU seconds they took are added to `cpu_s`."""
        by_user: dict[int, list[Update]] = defaultdict(list)
        for _, update in recorded:
            user = update.message or update.callback_query
            assert user is not None and user.from_user is not None
            by_user[user.from_user.id].append(update)

        async def replay(updates: list[Update]) -> None:
            for update in updates:
                await self.dp.feed_update(self.bot, update)

        started, cpu_started = time.perf_counter(), time.process_time()
        await asyncio.gather(*(replay(u) for u in by_user.values()))
        self.cpu_s += time.process_time() - cpu_started
        return time.perf_counter() - started

    async def one_at_a_time(self, recorded: list[tuple[str, Update]], figures: Figures) -> float:
        started = time.perf_counter()
        for kind, update in recorded:
            began = time.perf_counter()
            await self.dp.feed_update(self.bot, update)
            figures.latencies_ms[kind].append((time.perf_counter() - began) * 1000)
        return time.perf_counter() - started

    def forget(self) -> None:
        session = self.bot.session
        assert isinstance(session, FakeTelegramSession)
        session.forget(keep_last=0)

    async def close(self) -> None:
        await self.storage.close()


def _settings() -> Settings:
    return Settings(
        bot=BotSettings(token=TOKEN, username="sto_shop_bot"),
        telegram=TelegramSettings(),
        database=DatabaseSettings(),
        redis=RedisSettings(url=REDIS_URL),
        # 50 people tapping as fast as the bot answers is a flood by design; the throttle
        # would (rightly) drop most of it.
        shop=ShopSettings(throttle_rate=100_000, throttle_burst=100_000),
        webhook=WebhookSettings(url=None),
    )


async def _clean_redis(url: str, pattern: str) -> None:
    storage = RedisStorage.from_url(url)
    try:
        keys = [k async for k in storage.redis.scan_iter(match=pattern, count=1000)]
        for start in range(0, len(keys), 1000):
            await storage.redis.delete(*keys[start : start + 1000])
    finally:
        await storage.close()


async def _hire(factory: Any, rnd: random.Random) -> list[Person]:
    people: list[Person] = []
    async with factory() as session:
        staff = StaffService(session)
        tg_id = 5000
        for role, how_many in CREW:
            for i in range(how_many):
                tg_id += 1
                user = TelegramUser(tg_id, f"{role.value}{i}", "Бенчев")
                await staff.add(user.id, user.full_name, [role], locale="ru")
                people.append(Person(user, role, random.Random(rnd.random())))
    return people


class Notices:
    """The background notice sender, as `stobot run` wires it (bot.alerts.service): handlers
    queue their notices and the sender, paced to Telegram's limits, sends them. It rests
    while the floor runs, and goes on with the queue after."""

    def __init__(self, sender: Sender) -> None:
        self.sender = sender
        self.stop = asyncio.Event()
        self.sending = asyncio.create_task(sender.run_forever(self.stop))

    async def pause(self) -> None:
        self.stop.set()
        await self.sending

    def resume(self) -> None:
        self.stop = asyncio.Event()
        self.sending = asyncio.create_task(self.sender.run_forever(self.stop))

    async def floors_turn(self, turn: Awaitable[float]) -> float:
        await self.pause()
        try:
            return await turn
        finally:
            self.resume()


def _sender(bot: Any, factory: Any, translator: Translator, settings: Settings) -> Sender:
    alerts = settings.alerts
    return Sender(
        bot,
        factory,
        translator,
        rate=alerts.notify_rate,
        chat_interval=alerts.notify_chat_interval,
        lease=timedelta(seconds=alerts.notify_lease_seconds),
    )


@dataclass
class Bench:
    people: list[Person]
    shop: Shop
    floor: Floor
    notices: Notices
    rnd: random.Random
    ours: Figures = field(
        default_factory=lambda: Figures(0.0, defaultdict(list), defaultdict(list))
    )
    bare: Figures = field(default_factory=lambda: Figures(0.0, defaultdict(list)))
    ours_s: float = 0.0
    bare_s: float = 0.0
    ours_cpu: float = 0.0
    building_s: float = 0.0

    async def in_flight(self, split: int) -> None:
        """Ours and the floor take turns, a chunk each: the ratio compares the two under the
        same machine conditions (this shared machine's speed drifts by tens of percent)."""
        shop = self.shop
        for start in range(0, split, CHUNK):
            n = min(CHUNK, split - start)
            began, built = time.process_time(), shop.building_s
            self.ours_s += await concurrently(self.people, shop, n)
            self.ours_cpu += time.process_time() - began
            self.building_s += shop.building_s - built
            recorded = shop.recorded[-n:]
            self.bare_s += await self.notices.floors_turn(self.floor.concurrently(recorded))
            shop.forget()
            self.floor.forget()

    async def sequential(self, split: int, updates: int) -> float:
        self.shop.sequential = True
        ours_sequential_s = 0.0
        for start in range(split, updates, CHUNK):
            n = min(CHUNK, updates - start)
            ours_sequential_s += await one_at_a_time(self.people, self.shop, n, self.rnd, self.ours)
            recorded = self.shop.recorded[-n:]
            await self.notices.floors_turn(self.floor.one_at_a_time(recorded, self.bare))
            self.shop.forget()
            self.floor.forget()
        return (updates - split) / ours_sequential_s

    async def measure(self, updates: int) -> str:
        warm = min(1000, updates // 10)
        await concurrently(self.people, self.shop, warm)  # every stage, caches and pools warm
        self.shop.recorded.clear()
        split = updates * 3 // 4
        await self.in_flight(split)
        sequential_per_s = await self.sequential(split, updates)
        await self.notices.pause()
        # Building an update is the bench's work (the floor gets them built): not ours.
        self.ours_s -= self.building_s
        self.ours_cpu -= self.building_s
        self.ours.per_s, self.bare.per_s = split / self.ours_s, split / self.bare_s
        self.print_cpu(split)
        return report(self.ours, self.bare, sequential_per_s, self.shop.aborted)

    def print_cpu(self, split: int) -> None:
        floor_cpu = self.floor.cpu_s
        print(
            f"50 in flight: ours {self.ours_cpu / split * 1000:.2f} ms CPU per update "
            f"({self.ours_cpu / self.ours_s:.0%} of wall), floor {floor_cpu / split * 1000:.2f} "
            f"ms ({floor_cpu / self.bare_s:.0%} of wall); building the updates "
            f"{self.building_s / split * 1000:.2f} ms each, not counted"
        )
        if os.environ.get("BENCH_VERBOSE"):
            slowest = sorted(self.shop.by_step.items(), key=lambda kv: -sum(kv[1]))[:25]
            every = sum(sum(v) for v in self.shop.by_step.values())
            for what, values in slowest:
                print(
                    f"  {what:<40} n={len(values):>5} p50={pct(values, 0.5):7.1f} ms "
                    f"p99={pct(values, 0.99):7.1f} ms mean={statistics.fmean(values):6.2f} "
                    f"share={sum(values) / every:.1%}"
                )


async def run(updates: int, seed: int) -> str:
    name = f"stobot_bench_updates_{uuid.uuid4().hex[:8]}"
    prefix = f"stobot-bench-{uuid.uuid4().hex[:8]}"
    await _admin(f"CREATE DATABASE {name}")
    engine = create_engine(ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
    # The storage `stobot run` builds, under the run's own prefix.
    storage = build_storage(
        _settings(),
        key_builder=DefaultKeyBuilder(prefix=prefix, with_bot_id=True, with_destiny=True),
    )
    floor_: Floor | None = None
    try:
        await upgrade(engine)
        factory = create_session_factory(engine)
        rnd = random.Random(seed)
        people = await _hire(factory, rnd)
        translator, settings, fake = Translator("ru"), _settings(), FakeTelegramSession()
        bot = build_bot(settings, session=fake)
        dp = build_dispatcher(settings, storage, factory, translator)
        sender = _sender(bot, factory, translator, settings)
        dp["notification_sender"] = sender
        shop = Shop(fake, lambda update: dp.feed_update(bot, update))
        floor_ = Floor(REDIS_URL, prefix + "-floor")
        event.listen(engine.sync_engine, "before_cursor_execute", count_sql)
        freeze_startup_objects()  # where `stobot run` does it: built, before the first update
        return await Bench(people, shop, floor_, Notices(sender), rnd).measure(updates)
    finally:
        if floor_ is not None:
            await floor_.close()
        await storage.close()
        await engine.dispose()
        await _cleanup(name, prefix)


async def _cleanup(name: str, prefix: str) -> None:
    await _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    for pattern in (
        f"{prefix}:*",
        f"{prefix}-floor:*",
        f"stobot:update:{BOT_ID}:*",
        generation_key(BOT_ID),
    ):
        await _clean_redis(REDIS_URL, pattern)


def report(ours: Figures, bare: Figures, sequential_per_s: float, aborted: dict[str, int]) -> str:
    print(f"{'kind':<12} {'n':>6} {'p50 ms':>7} {'p99 ms':>7} {'floor p50':>9} {'sql med':>7}")
    for kind in sorted(ours.latencies_ms):
        values, sql = ours.latencies_ms[kind], ours.sql[kind]
        print(
            f"{kind:<12} {len(values):>6} {pct(values, 0.5):>7.2f} {pct(values, 0.99):>7.2f} "
            f"{pct(bare.latencies_ms[kind], 0.5):>9.2f} {statistics.median(sql):>7.0f}"
            f" (mean {statistics.fmean(sql):.1f}, max {max(sql)})"
        )
    every_ms, every_sql = ours.all_ms(), [n for v in ours.sql.values() for n in v]
    print(
        f"ours one at a time: {sequential_per_s:.0f} updates/s, "
        f"p50 {pct(every_ms, 0.5):.2f} ms, p90 {pct(every_ms, 0.9):.2f} ms; "
        f"floor p50 {pct(bare.all_ms(), 0.5):.2f} ms, p99 {pct(bare.all_ms(), 0.99):.2f} ms; "
        f"flows ended by /cancel: {sum(aborted.values())}; "
        f"SQL per update mean {statistics.fmean(every_sql):.2f}"
    )
    if os.environ.get("BENCH_VERBOSE"):
        for what, times in sorted(aborted.items(), key=lambda kv: -kv[1]):
            print(f"  ended by /cancel at {what}: {times}")
    return (
        f"updates_per_s={ours.per_s:.0f} floor_per_s={bare.per_s:.0f} "
        f"overhead={bare.per_s / ours.per_s:.2f} p50_ms={pct(every_ms, 0.5):.1f} "
        f"p99_ms={pct(every_ms, 0.99):.1f} "
        f"sql_per_update={statistics.median(every_sql):.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--updates", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    with open(os.devnull, "w") as devnull:
        # Logged as `stobot run` logs (JSON, redacted, INFO), into /dev/null: formatting each
        # line is part of the update path, a terminal's speed is not. BENCH_LOG=1 shows them.
        setup_logging([TOKEN], json=True)
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and not os.environ.get("BENCH_LOG"):
                handler.setStream(devnull)
        # On the loop `stobot run` uses (uvloop where installed); the floor shares it.
        print(event_loop.run(run(args.updates, args.seed)))


if __name__ == "__main__":
    main()
