"""Control characters are dropped from what people type and what other systems send."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.normalize.text import has_control, without_control


def test_keeps_tabs_line_breaks_and_marks() -> None:
    text = "a\tb\nc\r\nd \u200f\u200bе"  # RTL mark and zero-width space are not control
    assert without_control(text) == text and not has_control(text)


def test_drops_nul_bell_escape_and_del() -> None:
    assert without_control("Пет\x00ров\x07\x1b[31m\x7f") == "Петров[31m"


@given(st.text())
def test_result_never_has_control_and_is_stable(text: str) -> None:
    clean = without_control(text)
    assert not has_control(clean) and without_control(clean) == clean


def test_a_cut_name_never_ends_in_a_space() -> None:
    """The portal trims names: one ending in a space would never compare equal (an echo loop)."""
    from services.orders.inputs import clip

    assert clip("a" * 199 + " bb", 200) == "a" * 199
