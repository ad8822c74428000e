"""Every normalisation error is a DomainError with a message for every reason, in both
languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast

from services.errors import DomainError
from services.normalize.errors import ALL_ERRORS, InvalidPartsLine, InvalidPhone, NormalizeError

LOCALES = Path(__file__).resolve().parents[2] / "locales"


def _variant_keys(locale: str) -> dict[str, set[str]]:
    text = (LOCALES / locale / "validation.ftl").read_text(encoding="utf-8")
    resource = FluentParser().parse(text)
    assert not [e for e in resource.body if isinstance(e, ast.Junk)]
    keys: dict[str, set[str]] = {}
    for entry in resource.body:
        if not isinstance(entry, ast.Message):
            continue
        variants: set[str] = set()
        for element in entry.value.elements if entry.value else []:
            if isinstance(element, ast.Placeable) and isinstance(
                element.expression, ast.SelectExpression
            ):
                variants |= {v.key.name for v in element.expression.variants}
        keys[entry.id.name] = variants
    return keys


def _bundle(locale: str) -> FluentBundle:
    bundle = FluentBundle([locale], use_isolating=False)
    text = (LOCALES / locale / "validation.ftl").read_text(encoding="utf-8")
    bundle.add_resource(FluentResource(text))
    return bundle


def test_errors_are_domain_and_value_errors() -> None:
    err = InvalidPhone("excel")
    assert isinstance(err, DomainError) and isinstance(err, ValueError)
    assert (err.key, err.params, err.reason) == ("validation-phone", {"reason": "excel"}, "excel")


def test_undeclared_reason_is_a_bug() -> None:
    with pytest.raises(AssertionError):
        InvalidPhone("no-such-reason")


def test_same_keys_and_variants_in_both_languages() -> None:
    assert _variant_keys("ru") == _variant_keys("en")


@pytest.mark.parametrize("error", ALL_ERRORS)
@pytest.mark.parametrize("locale", ["ru", "en"])
def test_every_reason_has_a_message(error: type[NormalizeError], locale: str) -> None:
    variants = _variant_keys(locale)[error.key_name]
    # Variants name declared reasons only (a typo would never be selected)...
    assert variants - {"other"} <= error.reasons
    bundle = _bundle(locale)
    message = bundle.get_message(error.key_name)
    for reason in sorted(error.reasons):
        exc = InvalidPartsLine(3, reason) if error is InvalidPartsLine else error(reason)
        text, errors = bundle.format_pattern(message.value, exc.params)
        # ...and every reason renders, with the line number where there is one.
        assert not errors and text.strip()
        assert "{" not in text
        if error is InvalidPartsLine and reason != "empty":
            assert "3" in text
