"""The purchase on the parts walk (domain.md stage 5): per part the vendor's order number and
the expected date, the parts of one vendor order one after another. Each part is saved as
soon as it has both; the part that completes the purchase moves the order on."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.i18n import L10n
from dialogs.kit.feedback import error_text
from dialogs.parts_walk.kinds import Ctx, Screen, button_number
from dialogs.parts_walk.stepwise import StepwiseKind, WalkTexts
from dialogs.purchase import render, screens
from services.errors import DomainError
from services.normalize import parse_date
from services.orders import Stage
from services.orders.parts import is_available, is_ordered
from services.orders.use_cases import set_parts_order
from services.storage.models import Order, OrderPart

NUMBER, DATE = "number", "date"
MAX_NUMBER = 64  # OrderPart.vendor_order_no


class PurchaseKind(StepwiseKind):
    steps = (NUMBER, DATE)
    stage = Stage.PARTS_PURCHASE
    texts = WalkTexts(
        "purchase-review", "purchase-done", "purchase-done-moved", "purchase-btn-finish"
    )
    correct_key = "purchase-btn-reorder"

    def todo(self, order: Order) -> list[int]:
        """Parts still without a vendor order, grouped by vendor in the order they first
        appear, so the parts of one vendor order come one after another."""
        parts = [p for p in order.parts if is_available(p) and not is_ordered(p)]
        first: dict[str, int] = {}
        for n, part in enumerate(parts):
            first.setdefault(part.vendor or "", n)
        return [p.id for p in sorted(parts, key=lambda p: (first[p.vendor or ""], p.position))]

    def answers_of(self, part: OrderPart) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        if part.vendor_order_no:
            answers[NUMBER] = part.vendor_order_no
        if part.expected_date is not None:
            answers[DATE] = part.expected_date.isoformat()
        return answers

    def on_review(self, part: OrderPart) -> bool:
        return is_available(part)

    async def question(self, ctx: Ctx, order: Order, part: OrderPart) -> Screen:
        walk = ctx.walk
        title = render.part_title(ctx.l10n, order, part, walk.index + 1, len(walk.queue))
        if walk.step == DATE:
            return screens.date_screen(ctx.l10n, walk, part, title, ctx.today())
        return screens.number_screen(ctx.l10n, walk, order, part, title, first=self.is_first(ctx))

    def part_lines(self, l10n: L10n, order: Order) -> list[str]:
        return render.part_lines(l10n, order)

    async def answer(self, ctx: Ctx, text: str) -> None:
        if ctx.walk.step == NUMBER:
            typed = " ".join(text.split())
            if len(typed) > MAX_NUMBER:
                ctx.say(ctx.l10n("purchase-error-number-long", limit=MAX_NUMBER))
                return
            await self.answered(ctx, number=typed)
            return
        try:
            when = parse_date(text, ctx.today())
        except DomainError as error:
            ctx.say(error_text(ctx.l10n, error))
            return
        await self._date_answered(ctx, when)

    async def choose(self, ctx: Ctx, value: str) -> None:
        """One-tap answers: the same vendor order, a date, «другая дата…», keeping an answer;
        anything else (a forged button) draws the question again."""
        walk, step = ctx.walk, ctx.walk.step
        if value == screens.KEEP and step in walk.current:
            if not await self.answered(ctx):
                await self._order_current(ctx)
        elif step == NUMBER and (index := button_number(value, screens.SAME)) is not None:
            await self._order_same(ctx, index)
        elif step == DATE and value == screens.OTHER_DATE:
            walk.typing = True
        elif step == DATE and (day := _day(value)) is not None:
            await self._date_answered(ctx, day)

    async def _date_answered(self, ctx: Ctx, when: date) -> None:
        if when < ctx.today():
            ctx.say(ctx.l10n("order-error-bad-date"))
            return
        ctx.walk.current[DATE] = when.isoformat()
        await self._order_current(ctx)

    async def _order_current(self, ctx: Ctx) -> None:
        answers = ctx.walk.current
        when = date.fromisoformat(answers[DATE])
        await self._order_parts(ctx, [ctx.walk.part_id], answers[NUMBER], when)

    async def _order_same(self, ctx: Ctx, known_index: int) -> None:
        """«Тот же заказ … для всех деталей Emex»: the number and date typed for that vendor
        order go to this part and every later one of the same vendor."""
        walk = ctx.walk
        known = walk.extra.get(screens.KNOWN, [])
        if known_index >= len(known):
            return
        vendor, number_, when = known[known_index]
        later = walk.queue[walk.index :]
        ids = [
            p.id
            for p in (await ctx.order()).parts
            if p.id in later
            and (p.vendor or "") == vendor
            and (p.id == later[0] or not is_ordered(p))
        ]
        await self._order_parts(ctx, ids, number_, date.fromisoformat(when))

    async def _order_parts(self, ctx: Ctx, part_ids: list[int], number_: str, when: date) -> None:
        """All the parts in one step: a refusal saves none of them."""
        walk = ctx.walk
        try:
            result = await set_parts_order(
                ctx.work,
                ctx.employee,
                walk.order_id,
                part_ids,
                vendor_order_no=number_,
                expected_date=when,
                seen_stage=self.stage,
                # Walking the parts (not the review) ends the stage once all are ordered.
                finish=not walk.review,
            )
        except DomainError as error:
            await ctx.refused(error, marked=False)
            return
        saved = [p for p in result.order.parts if p.id in part_ids]
        known = [k for k in walk.extra.get(screens.KNOWN, []) if k[1] != number_]
        vendor = saved[0].vendor or "" if saved else ""
        walk.extra[screens.KNOWN] = [[vendor, number_, when.isoformat()], *known][
            : screens.MAX_KNOWN
        ]
        await self.saved(ctx, result, render.saved_note(ctx.l10n, saved, number_, when))


def _day(value: str) -> date | None:
    if not value.startswith(screens.DAY):
        return None
    try:
        return date.fromisoformat(value.removeprefix(screens.DAY))
    except ValueError:
        return None
