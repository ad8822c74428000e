"""Worker processes parse byte chunks of a CSV: same rows, same row numbers, quoted line breaks
kept whole, as reading it in one stream."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.importer import ImportOptions, load_profile
from services.importer.chunks import byte_chunks, parse_chunk
from services.importer.clean import Cleaner
from services.importer.reader import open_source
from services.importer.run import _cleaned
from services.importer.sample import write_csv


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1251"])
def test_chunks_match_the_stream(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "q.csv"
    body = 'name;note\n"Иванов\nИван";"a;b"\n\nПетров;"say ""hi""\nthere"\n' * 20
    path.write_bytes(body.encode(encoding))
    stream = list(open_source(path).rows)
    chunked = [
        row
        for chunk in byte_chunks(path, 1, None, size=16)
        for row in parse_chunk(chunk, encoding, ";")
    ]
    assert chunked == stream
    assert stream[0] == (3, ["Иванов\nИван", "a;b"])


def test_two_workers_clean_what_one_does(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "e.csv", 400)
    profile = load_profile("dealer_ru")
    results = []
    for workers in (1, 2):
        source = open_source(path)
        cleaner = Cleaner(profile.locate(source.header), profile, max_year=2027)
        rows, notes = [], []
        for r, n in _cleaned(source, cleaner, ImportOptions(path, profile, workers=workers)):
            rows += r
            notes += n
        results.append((rows, notes))
    assert results[0] == results[1] and len(results[0][0]) == 400
