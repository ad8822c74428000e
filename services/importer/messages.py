"""Every line `stobot import` prints (English: the command line is for integrators), but for
what the person running it must act on in their own language: a refusal for missing key columns
and the columns no field takes (`import-*` in locales/*/importer.ftl)."""

from __future__ import annotations

FAILURES = {
    "file_not_found": "error: no such file: {path}",
    "file_empty": "error: the file has no header row: {path}",
    "file_unreadable": "error: cannot read {path} as XLSX: {detail}",
    "profile_not_found": "error: no profile {name!r} (shipped: {known}; or give a path to a .toml)",
    "profile_invalid": "error: profile {name!r} is not valid: {detail}",
}

START = "importing {path} with profile {profile!r}{dry}"
DRY = " (dry run: nothing is written)"
SUMMARY = (
    "read {read} · created {created} · updated {updated} · merged {merged} · rejected {rejected}"
)
DETAILS = (
    "clients: {clients_created} new, {clients_updated} updated · cars: {cars_created} new, "
    "{cars_updated} updated, {owner_changes} owner changes"
)
DETECTED = "file: encoding {encoding}, delimiter {delimiter}"
RULES_TITLE = "per rule:"
RULE_LINE = "  {rule:<22} {count:>9}  {why}"
OUTBOX = "queued for Bitrix24: {count} messages (see /sync in the bot)"
NO_OUTBOX = "Bitrix24 is not configured: nothing queued"
REPORT = "report: {path}"
TIMINGS = "took: {phases}"
DRY_DONE = "dry run: nothing was written"
INTERRUPTED = "interrupted: nothing was written; run the same command again"


def failure(reason: str, params: dict[str, object]) -> str:
    return FAILURES.get(reason, "error: {reason}").format(reason=reason, **params)
