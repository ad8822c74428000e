"""Parts pricing on the parts walk (ux.md "Supplier pricing"): per part the purchase price
(or the whole part in one line), the sale price, the vendor, the delivery time. Each part is
saved as soon as it is complete; pricing the last one moves the order on (the service does)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.i18n import L10n
from dialogs.kit.feedback import error_text
from dialogs.parts_walk.kinds import Ctx, Screen, button_number
from dialogs.parts_walk.queries import recent_vendors
from dialogs.parts_walk.stepwise import StepwiseKind, WalkTexts, find_part
from dialogs.pricing import parse, render, screens
from services.errors import DomainError
from services.normalize import parse_money
from services.orders import Stage, StepResult
from services.orders.parts import is_available, is_priced
from services.orders.use_cases import mark_part_unavailable, price_part
from services.storage.models import Order, OrderPart

PURCHASE, SALE, VENDOR, DAYS = "purchase", "sale", "vendor", "days"


class PricingKind(StepwiseKind):
    steps = (PURCHASE, SALE, VENDOR, DAYS)
    stage = Stage.PARTS_PRICING
    texts = WalkTexts("pricing-review", "pricing-done", "pricing-done-moved", "pricing-btn-finish")
    correct_key = "pricing-btn-reprice"

    def todo(self, order: Order) -> list[int]:
        return [p.id for p in order.parts if is_available(p) and not is_priced(p)]

    def answers_of(self, part: OrderPart) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        if part.purchase_price is not None:
            answers[PURCHASE] = str(part.purchase_price)
        if part.sale_price is not None:
            answers[SALE] = str(part.sale_price)
        if part.vendor:
            answers[VENDOR] = part.vendor
        if part.delivery_days is not None:
            answers[DAYS] = part.delivery_days
        return answers

    async def begin(self, ctx: Ctx) -> None:
        ctx.walk.extra[screens.VENDORS] = await recent_vendors(ctx.session)
        await super().begin(ctx)

    async def question(self, ctx: Ctx, order: Order, part: OrderPart) -> Screen:
        return screens.question(ctx, render.part_title(ctx.l10n, order, part), self.is_first(ctx))

    def part_lines(self, l10n: L10n, order: Order) -> list[str]:
        return render.parts_block(l10n, order)

    async def answer(self, ctx: Ctx, text: str) -> None:
        step = ctx.walk.step
        try:
            if step == PURCHASE and parse.looks_like_line(text):
                line = parse.parse_line(text)
                sale = "markup" if line.sale is None else str(line.sale)
                ctx.walk.current.update(
                    purchase=str(line.purchase), sale=sale, vendor=line.vendor, days=line.days
                )
                await self._price(ctx)
                return
            value = _parse(step, text)
        except DomainError as error:
            ctx.say(error_text(ctx.l10n, error))
            return
        await self._answered(ctx, **{step: value})

    async def choose(self, ctx: Ctx, value: str) -> None:
        """One-tap answers: keep, «Нет в наличии», «по наценке», the quick repeat, a vendor,
        the days; anything else (a forged button) draws the question again."""
        walk, step = ctx.walk, ctx.walk.step
        if value == screens.KEEP and step in walk.current:
            await self._answered(ctx)
        elif value == screens.UNAVAILABLE and step == PURCHASE:
            await self._unavailable(ctx)
        elif value == screens.MARKUP and step == SALE:
            await self._answered(ctx, sale="markup")
        elif value == screens.QUICK and step == SALE and walk.extra.get(screens.LAST):
            last = walk.extra[screens.LAST]
            walk.current.update(sale="markup", vendor=last["vendor"], days=last["days"])
            await self._price(ctx)
        elif value == screens.OTHER_VENDOR and step == VENDOR:
            walk.typing = True
        elif step == VENDOR and (index := button_number(value, screens.VENDOR)) is not None:
            vendors = walk.extra.get(screens.VENDORS, [])
            if index < len(vendors):
                await self._answered(ctx, vendor=vendors[index])
        elif step == DAYS and (days := button_number(value, screens.DAY)) is not None:
            await self._answered(ctx, days=days)

    async def _answered(self, ctx: Ctx, **values: Any) -> None:
        if not await self.answered(ctx, **values):
            await self._price(ctx)

    async def _price(self, ctx: Ctx) -> None:
        """The part in hand has every answer: save it with the service."""
        walk, answers = ctx.walk, ctx.walk.current
        sale = answers.get(SALE)
        try:
            result = await price_part(
                ctx.work,
                ctx.employee,
                walk.order_id,
                walk.part_id,
                purchase_price=Decimal(answers[PURCHASE]),
                sale_price=None if sale in (None, "markup") else Decimal(sale),
                vendor=answers[VENDOR],
                delivery_days=int(answers[DAYS]),
                seen_stage=self.stage,
            )
        except DomainError as error:
            await ctx.refused(error, marked=False)
            return
        walk.extra[screens.LAST] = {"vendor": answers[VENDOR], "days": int(answers[DAYS])}
        walk.extra[screens.VENDORS] = await recent_vendors(ctx.session)
        await self._saved(ctx, result)

    async def _unavailable(self, ctx: Ctx) -> None:
        walk = ctx.walk
        try:
            result = await mark_part_unavailable(
                ctx.work, ctx.employee, walk.order_id, walk.part_id, seen_stage=self.stage
            )
        except DomainError as error:
            await ctx.refused(error, marked=False)
            return
        await self._saved(ctx, result)

    async def _saved(self, ctx: Ctx, result: StepResult) -> None:
        part = find_part(result.order, ctx.walk.part_id)
        note = render.saved_note(ctx.l10n, part) if part is not None else ""
        await self.saved(ctx, result, note)


def _parse(step: str, text: str) -> Any:
    if step == PURCHASE:
        return str(parse_money(text))
    if step == SALE:
        return "markup" if parse.is_markup(text) else str(parse_money(text))
    if step == VENDOR:
        return parse.parse_vendor(text)
    return parse.parse_days(text)
