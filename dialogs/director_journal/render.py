"""The journal's page as text: its title with the filter in words, one line an event."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.i18n import L10n
from dialogs.director_journal.data import JournalView
from services.audit import journal

# A page's fifteen lines and its title within Telegram's 4096 characters.
LINE_LIMIT = 240
CSV_HEADINGS = (
    "journal-col-at",
    "journal-col-who",
    "journal-col-telegram",
    "journal-col-action",
    "journal-col-entity",
    "journal-col-entity-id",
    "journal-col-details",
)


def filter_text(l10n: L10n, view: JournalView, person: str | None) -> str:
    """The filter in words; `person` the name of the employee filtered by, if any."""
    parts = []
    if view.actor:
        parts.append(l10n.raw("journal-filter-person", name=person or "?"))
    if view.order:
        parts.append(l10n.raw("journal-filter-order", order_id=view.order))
    if view.first and view.last:
        first, last = f"{view.first:%d.%m.%Y}", f"{view.last:%d.%m.%Y}"
        parts.append(l10n.raw("journal-filter-dates", first=first, last=last))
    return ", ".join(parts) or l10n.raw("journal-filter-all")


def page_text(
    l10n: L10n,
    title: str,
    entries: list[journal.JournalEntry],
    names: journal.Names,
    tz: ZoneInfo,
) -> str:
    lines = [title]
    for entry in entries:
        e = entry.event
        # Words built unescaped, escaped once as the line's arguments.
        shown = journal.describe(e, names, l10n.raw, tz, l10n.locale)
        args = {
            "at": e.at.astimezone(tz).strftime("%d.%m %H:%M"),
            "who": entry.actor_name or str(e.actor_telegram_id or l10n.raw("journal-nobody")),
            "action": shown.action,
            "what": "".join(f" · {part}" for part in (shown.entity, shown.details) if part),
        }
        lines.append(l10n("journal-line", **_fit(l10n, args)))
    if not entries:
        lines.append(l10n("journal-empty"))
    return "\n".join(lines)


def _fit(l10n: L10n, args: dict[str, str]) -> dict[str, str]:
    """A line within LINE_LIMIT characters as shown: the facts (a reason may be 500
    characters) and then a long name are cut with «…». The CSV keeps them whole."""
    for name in ("what", "who"):
        excess = len(l10n.raw("journal-line", **args)) - LINE_LIMIT
        if excess > 0:
            value = args[name]
            args = args | {name: value[: max(len(value) - excess - 1, 0)].rstrip() + "…"}
    return args
