"""What the client approval's windows show."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiogram_dialog import DialogManager

from bot.render.orders import money_text
from dialogs.approval import render
from dialogs.approval.data import QUICK_DAYS, REASONS, SLOTS, Approval
from dialogs.kit.stage import Deps, load


async def summary(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    deps, data = Deps(dialog_manager), load(dialog_manager, Approval)
    card = await deps.card(data.order_id)
    return {"text": data.screen(render.summary_text(deps.l10n, card, deps.today()))}


async def day(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    deps, data = Deps(dialog_manager), load(dialog_manager, Approval)
    today = deps.today()
    selected = data.day if data.day and data.day >= today else None
    quick = []
    for offset, key in enumerate(QUICK_DAYS):
        option, label = today + timedelta(days=offset), deps.l10n.raw(key)
        quick.append((f"✓ {label}" if option == selected else label, option.isoformat()))
    return {
        "text": data.screen(render.date_text(deps.l10n, data.order_id)),
        "quick": quick,
        "today": today,
        "selected": selected,
    }


async def slot(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    deps, data = Deps(dialog_manager), load(dialog_manager, Approval)
    now, tz = deps.now(), deps.settings.shop.tz
    assert data.day is not None
    # Today's passed hours are not offered; a typed time is checked the same way.
    slots = []
    for at in SLOTS:
        if data.when(tz, at) > now:
            label = f"{at:%H:%M}"
            slots.append((f"✓ {label}" if label == data.at else label, f"{at:%H%M}"))
    text = render.time_text(deps.l10n, data.order_id, data.day)
    return {"text": data.screen(text), "slots": slots}


async def confirm(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    deps, data = Deps(dialog_manager), load(dialog_manager, Approval)
    card = await deps.card(data.order_id)
    label = render.local_label(data.when(deps.settings.shop.tz), deps.l10n)
    total = money_text(card.totals.grand_total)
    return {"text": data.screen(render.confirm_text(deps.l10n, data.order_id, label, total))}


async def refuse(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    deps, data = Deps(dialog_manager), load(dialog_manager, Approval)
    reasons = [(deps.l10n.raw(key), value) for value, key in REASONS.items()]
    return {"text": data.screen(render.refuse_text(deps.l10n, data.order_id)), "reasons": reasons}
