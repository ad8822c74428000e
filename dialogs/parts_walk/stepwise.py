"""Parts walked one at a time (pricing, purchase): each part answers the kind's questions in
turn and is saved as soon as it has them all, then the next part to do; when none is left
and the order is still here (after a move back), the overview: correct a part, or finish."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from bot.i18n import L10n
from bot.render.orders import stage_label
from dialogs.parts_walk.kinds import Choice, Ctx, Screen
from dialogs.parts_walk.states import PartsWalkSG
from services.errors import DomainError
from services.orders import Stage, StepResult
from services.orders.stages import next_stage
from services.orders.use_cases import complete_stage
from services.storage.models import Order, OrderPart


@dataclass(frozen=True)
class WalkTexts:
    """A stepwise kind's keys in locales/ (spelled out, so the locale test finds them)."""

    review: str  # the overview's head
    done: str  # the summary's head
    moved: str  # the summary's «the order went to …»
    finish: str  # «Передать на «…»»


def screen_text(*lines: str) -> str:
    """A screen's lines, the empty ones left out."""
    return "\n".join(line for line in lines if line)


def find_part(order: Order, part_id: int) -> OrderPart | None:
    return next((p for p in order.parts if p.id == part_id), None)


class StepwiseKind(ABC):
    steps: tuple[str, ...]  # the questions about one part, in order
    stage: Stage  # the stage whose work this is
    texts: WalkTexts
    correct_key: str  # the overview's button of one part: «✏️ 1. Колодки передние»

    # --- what a kind says --------------------------------------------------------------------

    @abstractmethod
    def todo(self, order: Order) -> list[int]:
        """The parts still to do, in the order to walk them."""

    @abstractmethod
    def answers_of(self, part: OrderPart) -> dict[str, Any]:
        """A done part's saved values as kept answers: going back to it shows what it has."""

    @abstractmethod
    async def question(self, ctx: Ctx, order: Order, part: OrderPart) -> Screen:
        """The screen of `ctx.walk.step` about `part`."""

    @abstractmethod
    async def answer(self, ctx: Ctx, text: str) -> None:
        """Typed text, the answer to `ctx.walk.step`."""

    @abstractmethod
    async def choose(self, ctx: Ctx, value: str) -> None:
        """A tapped answer to `ctx.walk.step`."""

    @abstractmethod
    def part_lines(self, l10n: L10n, order: Order) -> list[str]:
        """The order's parts as this work sees them, under the overview and the summary."""

    def review_text(self, l10n: L10n, order: Order) -> str:
        head = l10n(self.texts.review, order_id=order.id)
        return screen_text(head, *self.part_lines(l10n, order))

    def summary(self, l10n: L10n, order: Order) -> str:
        """The last screen: what the work came to and where the order went."""
        lines = [l10n(self.texts.done, order_id=order.id), *self.part_lines(l10n, order)]
        if order.stage != self.stage:
            lines.append(l10n(self.texts.moved, stage=stage_label(l10n, order.stage)))
        return "\n".join(lines)

    async def complete(self, ctx: Ctx) -> StepResult:
        """«Finish» on the overview: pass the order on as it is."""
        return await complete_stage(
            ctx.work, ctx.employee, ctx.walk.order_id, seen_stage=self.stage
        )

    def on_review(self, part: OrderPart) -> bool:
        """Whether the overview offers to correct `part`."""
        return True

    # --- the walk ------------------------------------------------------------------------------

    async def begin(self, ctx: Ctx) -> None:
        walk = ctx.walk
        walk.queue = self.todo(await ctx.order())
        walk.review = not walk.queue
        if walk.queue:
            await self.go_to_part(ctx, 0)
        else:
            await ctx.to(PartsWalkSG.parts)

    async def go_to_part(self, ctx: Ctx, index: int, step: str | None = None) -> None:
        """Make `index` of the queue the part in hand, with its kept or saved answers."""
        walk = ctx.walk
        walk.index = index
        part = find_part(await ctx.order(), walk.part_id)
        if str(walk.part_id) not in walk.answers and part is not None:
            walk.answers[str(walk.part_id)] = self.answers_of(part)
        await self.ask(ctx, step or self.steps[0])

    async def ask(self, ctx: Ctx, step: str) -> None:
        ctx.walk.step, ctx.walk.typing = step, False
        await ctx.to(PartsWalkSG.step)

    async def answered(self, ctx: Ctx, **values: Any) -> bool:
        """Keep the answers and ask the next question; False after the last one (the part
        has them all: the kind saves it)."""
        ctx.walk.current.update(values)
        at = self.steps.index(ctx.walk.step) + 1
        if at < len(self.steps):
            await self.ask(ctx, self.steps[at])
            return True
        return False

    def is_first(self, ctx: Ctx) -> bool:
        """Nothing to go back to: the first part's first question, not from the overview."""
        return ctx.walk.index == 0 and not ctx.walk.review

    async def screen(self, ctx: Ctx) -> Screen:
        order = await ctx.order()
        part = find_part(order, ctx.walk.part_id) if ctx.window == PartsWalkSG.step else None
        if part is not None:
            return await self.question(ctx, order, part)
        shown = self.review(ctx.l10n, order)
        if ctx.window == PartsWalkSG.step:  # removed meanwhile: the order changed under us
            note = ctx.l10n("order-error-part-not-found", part_id=0)
            shown.text = f"{note}\n\n{shown.text}"
        return shown

    def review(self, l10n: L10n, order: Order) -> Screen:
        parts: list[Choice] = [
            (l10n.raw(self.correct_key, n=n, part=part.name)[:64], str(part.id))
            for n, part in enumerate(order.parts, 1)
            if self.on_review(part)
        ]
        # «Передать на «…»»: where «finish» sends the order, the stage after this one.
        after = stage_label(l10n, next_stage(self.stage).value)
        finish = l10n.raw(self.texts.finish, stage=after)
        return Screen(self.review_text(l10n, order), parts=parts, finish=finish, back=False)

    async def part_tapped(self, ctx: Ctx, part_id: int) -> None:
        """From the overview: correct one part; saving it returns to the overview."""
        walk = ctx.walk
        walk.queue, walk.review = [part_id], True
        if find_part(await ctx.order(), part_id) is None:
            ctx.say(ctx.l10n("order-error-part-not-found", part_id=0))
            await ctx.to(PartsWalkSG.parts)
            return
        await self.go_to_part(ctx, 0)

    async def typed(self, ctx: Ctx, text: str) -> None:
        if ctx.window == PartsWalkSG.step:
            await self.answer(ctx, text)

    async def picked(self, ctx: Ctx, value: str) -> None:
        await self.choose(ctx, value)

    async def back(self, ctx: Ctx) -> None:
        walk = ctx.walk
        if ctx.window != PartsWalkSG.step:
            return
        at = self.steps.index(walk.step)
        if at > 0:
            await self.ask(ctx, self.steps[at - 1])
        elif walk.index > 0:
            # The previous part is saved already; its last answer is one tap away.
            await self.go_to_part(ctx, walk.index - 1, self.steps[-1])
        elif walk.review:
            await ctx.to(PartsWalkSG.parts)

    async def finish(self, ctx: Ctx) -> None:
        if ctx.window != PartsWalkSG.parts:
            return
        try:
            result = await self.complete(ctx)
        except DomainError as error:
            await ctx.refused(error, marked=False)
            return
        await ctx.notifier.deliver(result.notices)
        await ctx.close(self.summary(ctx.l10n, result.order))

    async def saved(self, ctx: Ctx, result: StepResult, note: str) -> None:
        """The part in hand was saved (`note` says how): the next part, the overview, or the
        end when the order has moved on."""
        await ctx.notifier.deliver(result.notices)
        order = result.order
        ctx.fresh(order)
        if order.stage != self.stage:
            # The service moved the order on when its last part was done.
            await ctx.close(self.summary(ctx.l10n, order))
            return
        ctx.say(note)
        await self._next(ctx, order)

    async def _next(self, ctx: Ctx, order: Order) -> None:
        walk = ctx.walk
        remaining = self.todo(order)
        later = [i for i in range(walk.index + 1, len(walk.queue)) if walk.queue[i] in remaining]
        if walk.review or not remaining:
            walk.review = True
            await ctx.to(PartsWalkSG.parts)
        elif later:
            await self.go_to_part(ctx, later[0])
        else:
            # Someone added or reset a part meanwhile: walk what is still to do.
            walk.queue = remaining
            await self.go_to_part(ctx, 0)
