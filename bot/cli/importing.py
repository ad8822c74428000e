"""`stobot import FILE`: a dealer export into clients and cars, with a progress bar and a report.

The work is `services.importer.run_import`; this module parses the arguments, draws the bar on a
terminal and prints the summary (texts in `services.importer.messages`).
"""

from __future__ import annotations

import argparse
import codecs
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from services.importer import messages as msg

if TYPE_CHECKING:
    from bot.i18n import L10n
    from services.importer import ImportFailure, ImportSummary
    from services.importer.profile import Profile

_BAR = 30
_SMALL_FILE = 8 * 1024 * 1024  # below this, worker processes cost more than they save
_FIELD_KEYS = {
    "name": "import-field-name",
    "phones": "import-field-phones",
    "email": "import-field-email",
    "vin": "import-field-vin",
    "plate": "import-field-plate",
    "make": "import-field-make",
    "model": "import-field-model",
    "year": "import-field-year",
    "mileage": "import-field-mileage",
    "last_visit": "import-field-last-visit",
    "relation": "import-field-relation",
}


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "import",
        help="import clients and cars from a dealer export (CSV or XLSX)",
        description="Import clients and cars from a dealer database export: CSV (UTF-8, UTF-8 "
        "with BOM, UTF-16, Windows-1251 or KOI8-R; ';', ',' or tab, detected) or XLSX. Phones, "
        "VINs, plates and names are cleaned, duplicates merged; running it again changes nothing.",
    )
    parser.add_argument("file", type=Path, help="the export, .csv or .xlsx")
    parser.add_argument(
        "--profile",
        default="default",
        help="column mapping: a shipped profile (default, dealer_ru) or a path to a .toml",
    )
    parser.add_argument("--dry-run", action="store_true", help="clean and count, write nothing")
    parser.add_argument(
        "--report",
        type=Path,
        default=None,
        help="CSV of every changed or rejected row (default: FILE.report.csv next to the file)",
    )
    parser.add_argument(
        "--delimiter", default=None, help="override the detected delimiter: ';', ',', tab"
    )
    parser.add_argument(
        "--encoding",
        default=None,
        type=_encoding,
        help="override the detected encoding: utf-8, utf-8-sig, cp1251, koi8-r, utf-16",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="processes cleaning rows (default: the cores)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


class ProgressBar:
    """A one-line bar on a terminal, redrawn at most ten times a second."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.last, self.shown = out, 0.0, -1

    def __call__(self, fraction: float) -> None:
        now = time.monotonic()
        percent = min(int(fraction * 100), 100)
        if percent == self.shown or (now - self.last < 0.1 and percent < 100):
            return
        self.last, self.shown = now, percent
        filled = _BAR * percent // 100
        self.out.write(f"\r[{'#' * filled}{'.' * (_BAR - filled)}] {percent:3d}%")
        self.out.flush()

    def close(self) -> None:
        if self.shown >= 0:
            self.out.write("\n")


async def run(args: argparse.Namespace, database_url: str, outbox: bool, locale: str = "ru") -> int:
    from bot.i18n import Translator
    from services.importer import ImportFailure, load_profile

    l10n = Translator(locale).get(locale)
    path: Path = args.file
    report = args.report or path.with_name(path.name + ".report.csv")
    try:
        profile = load_profile(args.profile)
    except ImportFailure as failure:
        print(msg.failure(failure.reason, failure.params), file=sys.stderr)
        return 1
    print(msg.START.format(path=path, profile=profile.name, dry=msg.DRY if args.dry_run else ""))
    summary = await _import(args, database_url, outbox, profile, report, l10n)
    if summary is None:
        return 1
    _print_summary(l10n, summary, profile.name)
    print(msg.REPORT.format(path=report))
    phases = ", ".join(f"{name} {sec:.1f} s" for name, sec in summary.seconds.items())
    print(msg.TIMINGS.format(phases=phases))
    if args.dry_run:
        print(msg.DRY_DONE)
    else:
        print(msg.OUTBOX.format(count=summary.outbox) if outbox else msg.NO_OUTBOX)
    return 0


async def _import(
    args: argparse.Namespace,
    database_url: str,
    outbox: bool,
    profile: Profile,
    report: Path,
    l10n: L10n,
) -> ImportSummary | None:
    """The import itself, with its bar on a terminal; None when it failed (and said why)."""
    from services.importer import ImportFailure, ImportOptions, run_import
    from services.storage.engine import create_engine, create_session_factory
    from services.storage.migrate import upgrade

    path: Path = args.file
    workers = args.workers or _default_workers(path)
    bar = ProgressBar(sys.stderr) if not args.quiet and sys.stderr.isatty() else None
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        factory = create_session_factory(engine, outbox=outbox)
        options = ImportOptions(
            path=path,
            profile=profile,
            dry_run=args.dry_run,
            report_path=report,
            encoding=args.encoding,
            delimiter=_delimiter(args.delimiter),
            workers=workers,
            progress=bar,
        )
        try:
            summary = await run_import(factory, options)
        except ImportFailure as failure:
            print(_failure(l10n, failure), file=sys.stderr)
            return None
        except (KeyboardInterrupt, SystemExit):
            print(f"\n{msg.INTERRUPTED}", file=sys.stderr)
            raise
        finally:
            if bar is not None:
                bar.close()
    finally:
        await engine.dispose()
    return summary


def _print_summary(l10n: L10n, summary: ImportSummary, profile: str) -> None:
    """What was read and done, the columns worth a look, and each rule's count."""
    from services.importer.rules import WHY

    if summary.encoding:
        print(msg.DETECTED.format(encoding=summary.encoding, delimiter=repr(summary.delimiter)))
    print(
        msg.SUMMARY.format(
            read=summary.read,
            created=summary.created,
            updated=summary.updated,
            merged=summary.merged,
            rejected=summary.rejected,
        )
    )
    print(msg.DETAILS.format(**vars(summary)))
    if summary.unused_columns:
        columns = ", ".join(l10n.raw("import-column", name=c) for c in summary.unused_columns)
        print(l10n.raw("import-unused-columns", columns=columns, profile=profile))
    for column, field, taken in summary.second_columns:
        field_name = l10n.raw(_FIELD_KEYS[field])
        print(l10n.raw("import-second-column", name=column, field=field_name, taken=taken))
    if summary.counts.get("row.truncated"):
        print(l10n.raw("import-row-truncated"))
    print(msg.RULES_TITLE)
    for rule, count in sorted(summary.counts.items()):
        print(msg.RULE_LINE.format(rule=rule, count=count, why=WHY.get(rule, "")))


def _failure(l10n: L10n, failure: ImportFailure) -> str:
    if failure.reason != "key_columns":
        return msg.failure(failure.reason, failure.params)
    params = failure.params
    header = cast(list[str], params["header"])
    return l10n.raw(
        "import-key-columns-missing",
        profile=str(params["profile"]),
        missing=str(params["missing"]),
        header=", ".join(l10n.raw("import-column", name=h) for h in header) or "—",
        encoding=str(params["encoding"]) or "none",
    )


def _encoding(value: str) -> str:
    """A known codec name, or argparse's one-line error instead of a LookupError traceback."""
    try:
        codecs.lookup(value)
    except LookupError:
        from bot.i18n import Translator
        from bot.settings import lenient_locale

        locale = lenient_locale()
        text = Translator(locale).get(locale).raw("import-unknown-encoding", name=value)
        raise argparse.ArgumentTypeError(text) from None
    return value


def _default_workers(path: Path) -> int:
    try:
        small = path.stat().st_size < _SMALL_FILE
    except OSError:
        small = True
    return 1 if small else max(1, min(os.cpu_count() or 1, 4))


def _delimiter(value: str | None) -> str | None:
    # A tab is hard to type in a shell: accept "tab" and "\\t" too.
    return {"tab": "\t", "\\t": "\t"}.get(value, value) if value else None
