"""Charts are valid PNGs of a phone-friendly size; the workbook opens with openpyxl and holds
the report's numbers; the orders CSV lists the period's orders."""

from __future__ import annotations

import io
import struct
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from bot.i18n import Translator
from dialogs.director_report.files import file_text
from dialogs.director_report.render import chart_texts, person, summary
from services.reports.build import build_report
from services.reports.charts import HEIGHT_PX, WIDTH_PX, render_charts
from services.reports.orders_csv import orders_csv
from services.reports.workbook import build_workbook
from tests.reports.dataset import EXPECTED, NOW, PERIOD, load

L10N = Translator("ru").get("ru")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
async def report(session):
    await load(session)
    return await build_report(session, PERIOD, NOW)


def stage(code: str) -> str:
    return L10N.raw(f"stage-{code}")


async def test_charts_are_phone_sized_pngs(report):
    pictures = render_charts(report, chart_texts(L10N))
    assert len(pictures) == 4
    for png in pictures:
        assert png_size(png) == (WIDTH_PX, HEIGHT_PX)


async def test_empty_report_still_draws(session):
    empty = await build_report(session, PERIOD, NOW)
    assert all(
        png_size(p) == (WIDTH_PX, HEIGHT_PX) for p in render_charts(empty, chart_texts(L10N))
    )


async def test_workbook_holds_the_same_numbers(report):
    data = build_workbook(report, file_text(L10N), stage, lambda n, r: person(L10N, n, r))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Итоги",
        "Этапы",
        "Время на этапах",
        "Просрочки",
        "Выручка по неделям",
        "Поставщики",
        "Отказы",
    ]
    summary_rows = {r[0]: r[1] for r in book["Итоги"].iter_rows(min_row=2, values_only=True)}
    assert summary_rows["Открыто заказов"] == EXPECTED["opened"]
    assert summary_rows["Выдано заказов"] == EXPECTED["closed"]
    assert summary_rows["Отказов"] == EXPECTED["cancelled"]
    assert Decimal(str(summary_rows["Запчасти, продажа"])) == EXPECTED["parts_sale"]
    assert Decimal(str(summary_rows["Запчасти, закупка"])) == EXPECTED["parts_cost"]
    assert Decimal(str(summary_rows["Маржа на запчастях"])) == EXPECTED["parts_margin"]
    assert Decimal(str(summary_rows["Работы"])) == EXPECTED["labour"]
    assert summary_rows["С"].date() == date(2026, 11, 1)
    assert book["Итоги"]["B2"].number_format == "DD.MM.YYYY"
    assert book["Итоги"]["B7"].number_format == "#,##0.00"

    times = list(book["Время на этапах"].iter_rows(min_row=2, values_only=True))
    assert times[0] == (stage("PARTS_PRICING"), 6, pytest.approx(6600 / 3600), pytest.approx(3.0))
    assert [r[0] for r in times] == [stage(s) for s in EXPECTED["stage_times"]]

    overdue = list(book["Просрочки"].iter_rows(min_row=2, values_only=True))
    assert overdue == [("Мастер", 2, 0), ("общий пул (кладовщик)", 1, 0), ("Снабженец", 0, 1)]

    weeks = list(book["Выручка по неделям"].iter_rows(min_row=2, values_only=True))
    assert [(w[0].date(), w[1], w[2], w[4]) for w in weeks] == [
        (d, float(s), float(c), float(lab)) for d, s, c, lab in EXPECTED["weeks"]
    ]
    assert book["Выручка по неделям"]["A2"].number_format == "DD.MM.YYYY"

    vendors = list(book["Поставщики"].iter_rows(min_row=2, values_only=True))
    assert vendors == [tuple(v) for v in EXPECTED["late_vendors"]]
    reasons = list(book["Отказы"].iter_rows(min_row=2, values_only=True))
    assert reasons == EXPECTED["cancel_reasons"]


async def test_summary_text(report):
    text = summary(L10N, report)
    assert "Открыто заказов: 6 · выдано: 2 · отказов: 3" in text
    assert "Дорого — 2; Клиент передумал — 1" in text
    assert "маржа 679,50 ₽" in text and "работы 6 500 ₽" in text
    assert "Emex: 2 поз., в среднем 4 дн., максимум 5 дн." in text


async def test_orders_csv(session):
    await load(session)
    data = (await orders_csv(session, PERIOD, file_text(L10N), stage)).decode("utf-8-sig")
    rows = [line.split(";") for line in data.strip().splitlines()]
    assert rows[0][0] == "Заказ"
    # O4 was opened in October and is still open: not in November's list; O8 is all October.
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "5", "6", "7"]
    first = rows[1]
    assert first[5:8] == ["3250.00", "2500.00", "3500.00"]
    assert "+7" not in data
