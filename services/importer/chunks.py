"""CSV in byte chunks for the worker processes: the main process only cuts, workers parse.

Parsing CSV in the main process and pickling every cell to the workers cost more than the
cleaning saved. A chunk ends at a line break outside quotes (an even number of `"` so far),
so a quoted cell spanning lines stays whole; UTF-8, cp1251 and KOI8-R never have 0x0A inside
a character, so cutting bytes at line breaks is safe before decoding (UTF-16 is not cut:
`reader.splittable_at_line_breaks`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from services.importer.reader import Progress
from services.normalize.text import without_control

Chunk = tuple[int, bytes]  # (file line number of the chunk's first line, bytes)
CHUNK_BYTES = 1 << 20


def byte_chunks(
    path: Path, skip_lines: int, progress: Progress | None, size: int = CHUNK_BYTES
) -> Iterator[Chunk]:
    """Chunks after the first `skip_lines` lines (the header), each ending at a line break."""
    total = max(path.stat().st_size, 1)
    with path.open("rb") as f:
        for _ in range(skip_lines):
            f.readline()
        line_no = skip_lines + 1
        carry = b""
        while True:
            block = f.read(size)
            if not block:
                break
            data = carry + block
            cut = data.rfind(b"\n") + 1
            while cut and data.count(b'"', 0, cut) % 2:  # inside a quoted cell: cut earlier
                cut = data.rfind(b"\n", 0, cut - 1) + 1
            if not cut:
                carry = data
                continue
            yield line_no, data[:cut]
            line_no += data.count(b"\n", 0, cut)
            carry = data[cut:]
            if progress is not None:
                progress(f.tell() / total)
        if carry:
            yield line_no, carry


def parse_chunk(chunk: Chunk, encoding: str, delimiter: str) -> list[tuple[int, list[str]]]:
    first, data = chunk
    # One pass over the whole chunk: a NUL in an export would fail the import's transaction.
    text = without_control(data.decode(encoding, errors="replace"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for cells in reader:
        if any(c.strip() for c in cells):
            rows.append((first + reader.line_num - 1, cells))
    return rows
