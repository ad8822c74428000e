"""The import report (CSV, streamed): every changed or rejected row, and a count per rule."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import IO

from services.importer.clean import Note
from services.importer.rules import COUNT_ONLY, WHY

HEADER = ("source_row", "field", "original_value", "action", "new_value", "rule", "why")


class Report:
    """Counts every note; writes the listed ones as they come (never held in memory)."""

    def __init__(self, path: Path | None) -> None:
        self.counts: Counter[str] = Counter()
        self._file: IO[str] | None = None
        self._writer = None
        if path is not None:
            self._file = path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._file)
            self._writer.writerow(HEADER)

    def add(self, notes: list[Note]) -> None:
        counts = self.counts
        writer = self._writer
        for note in notes:
            counts[note.rule] += 1
            if writer is not None and note.rule not in COUNT_ONLY:
                writer.writerow(
                    (
                        note.row,
                        note.field,
                        note.original,
                        note.action,
                        note.value,
                        note.rule,
                        WHY.get(note.rule, ""),
                    )
                )

    def close(self) -> None:
        if self._writer is not None and self._file is not None:
            for rule, count in sorted(self.counts.items()):
                self._writer.writerow(("total", rule, "", "counted", count, rule, WHY.get(rule)))
            self._file.close()
            self._file = None
