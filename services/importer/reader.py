"""Reading an export row by row, never whole: CSV (encoding and delimiter detected) and XLSX.

CSV encodings seen in dealer exports: UTF-8, UTF-8 with a BOM (Excel's "CSV UTF-8"), UTF-16
(Excel's "Unicode text"), Windows-1251 and KOI8-R (older software). A BOM, or 0x00/0x04 bytes
on one side of the byte pairs, say UTF-16; a sample that decodes as UTF-8 is UTF-8; otherwise
it is one of the two single-byte Cyrillic encodings, both of which decode any byte: the one
under which more of the profile's headers match, else the one whose text has more of the
commonest Russian letters. The delimiter is the one of `;`, tab and `,` most frequent in the
header line (Russian Excel writes `;` because `,` is the decimal mark).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO

from services.importer.errors import ImportFailure
from services.normalize.text import has_control, without_control

Progress = Callable[[float], None]
HeaderScore = Callable[[list[str]], int]  # how many of a profile's fields a header gives
_SAMPLE = 64 * 1024
_DELIMITERS = (";", "\t", ",")
_SINGLE_BYTE = ("cp1251", "koi8-r")
# The ten commonest letters of Russian text: mis-decoded Cyrillic has few of them.
_COMMON_LETTERS = frozenset("оеаинтсрвлОЕАИНТСРВЛ")
# csv refuses fields over 128 KiB by default; a broken quote in a dealer export swallows lines.
csv.field_size_limit(16 * 1024 * 1024)


@dataclass(frozen=True)
class Source:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (row number in the file, 1-based; cells)
    encoding: str | None
    delimiter: str | None
    # Whether the file ends with a line break: only then is its last row known to be whole.
    ends_with_line_break: bool = True


def open_source(
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
    header_score: HeaderScore | None = None,
) -> Source:
    """`header_score` helps tell the single-byte Cyrillic encodings apart (see above)."""
    if not path.is_file():
        raise ImportFailure("file_not_found", path=str(path))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx(path, sheet, progress)
    return _csv(path, encoding, delimiter, progress, header_score)


def detect_encoding(sample: bytes, header_score: HeaderScore | None = None) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = sample[:4096]
    if b"\x00" in head:
        # UTF-16 without a BOM: the high byte of every ASCII or Cyrillic character is 0x00 or
        # 0x04, all on one side (Cyrillic text has few 0x00 bytes, so their count says little).
        even, odd = (sum(b in (0, 4) for b in head[side::2]) for side in (0, 1))
        if max(even, odd) * 4 > len(head) * 3 // 2:  # three in four characters, or more
            return "utf-16-le" if odd > even else "utf-16-be"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The sample may end inside a multi-byte character: only an early error counts.
        if exc.start < len(sample) - 4:
            return _single_byte(sample, header_score)
    return "utf-8"


def _single_byte(sample: bytes, header_score: HeaderScore | None) -> str:
    if header_score is not None:
        scores = {enc: header_score(_header(sample, enc)) for enc in _SINGLE_BYTE}
        best = max(_SINGLE_BYTE, key=lambda enc: scores[enc])
        if list(scores.values()).count(scores[best]) == 1:
            return best
    return max(
        _SINGLE_BYTE,
        # cp1251 leaves 0x98 undefined: such a byte counts as no letter, not as a failure.
        key=lambda enc: sum(c in _COMMON_LETTERS for c in sample.decode(enc, errors="replace")),
    )


def _header(sample: bytes, encoding: str) -> list[str]:
    first_line = sample.decode(encoding, errors="replace").split("\n", 1)[0].rstrip("\r")
    return next(csv.reader([first_line], delimiter=detect_delimiter(first_line)), [])


def splittable_at_line_breaks(encoding: str) -> bool:
    """Whether a byte 0x0A is always a line break (not so in UTF-16 or UTF-32)."""
    return not codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def detect_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


class _CountingReader(io.RawIOBase):
    """Counts bytes read, for a progress bar by position without seeking the text stream."""

    def __init__(self, raw: IO[bytes], total: int, progress: Progress | None) -> None:
        self.raw, self.total, self.progress, self.done = raw, max(total, 1), progress, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        self.done += n or 0
        if self.progress is not None:
            self.progress(self.done / self.total)
        return n or 0

    def close(self) -> None:
        self.raw.close()
        super().close()


def _csv(
    path: Path,
    encoding: str | None,
    delimiter: str | None,
    progress: Progress | None,
    header_score: HeaderScore | None,
) -> Source:
    with path.open("rb") as probe:
        sample = probe.read(_SAMPLE)
    encoding = encoding or detect_encoding(sample, header_score)
    first_line = sample.decode(encoding, errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    delimiter = delimiter or detect_delimiter(first_line)
    counting = _CountingReader(path.open("rb"), path.stat().st_size, progress)
    text = io.TextIOWrapper(
        io.BufferedReader(counting, 1 << 20), encoding=encoding, errors="replace", newline=""
    )
    reader = csv.reader(text, delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        text.close()
        raise ImportFailure("file_empty", path=str(path))
    header = [h.lstrip("\ufeff") for h in header]

    def rows() -> Iterator[tuple[int, list[str]]]:
        with text:
            # line_num counts physical lines; a quoted cell may span several.
            for cells in reader:
                if has_control("".join(cells)):  # NUL would fail the import's transaction
                    cells = [without_control(c) for c in cells]
                if any(c.strip() for c in cells):
                    yield reader.line_num, cells

    return Source(header, rows(), encoding, delimiter, _ends_with_line_break(path, encoding))


def _ends_with_line_break(path: Path, encoding: str) -> bool:
    with path.open("rb") as f:
        head = f.read(2)
        f.seek(max(path.stat().st_size - 2, 0))
        tail = f.read()
    name = codecs.lookup(encoding).name
    if name.startswith("utf-16"):
        big = name == "utf-16-be" or (name == "utf-16" and head == codecs.BOM_UTF16_BE)
        return tail in ((b"\x00\n", b"\x00\r") if big else (b"\n\x00", b"\r\x00"))
    return tail.endswith((b"\n", b"\r"))


def _xlsx(path: Path, sheet: str | None, progress: Progress | None) -> Source:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a broken file
        raise ImportFailure("file_unreadable", path=str(path), detail=str(exc)) from None
    ws = book[sheet] if sheet else book.worksheets[0]
    total = ws.max_row or 0
    it = ws.iter_rows(values_only=True)
    first = next(it, None)
    if first is None:
        book.close()
        raise ImportFailure("file_empty", path=str(path))
    header = [_cell(v) for v in first]

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for n, values in enumerate(it, start=2):
                cells = [_cell(v) for v in values]
                if progress is not None and total and n % 1000 == 0:
                    progress(n / total)
                if any(c.strip() for c in cells):
                    yield n, cells
        finally:
            book.close()

    return Source(header, rows(), None, None)


def _cell(value: object) -> str:
    """A spreadsheet value as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.strftime("%Y-%m-%d")
            if value.time() == datetime.min.time()
            else value.isoformat(" ")
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        # A phone or a year typed into a number cell comes back as 79161234567.0.
        return str(int(value))
    return without_control(str(value))
