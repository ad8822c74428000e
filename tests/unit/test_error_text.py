from bot.i18n import Translator
from bot.render.errors import error_text
from services.errors import DomainError


def test_stage_codes_in_a_refusal_read_as_stage_names():
    l10n = Translator("ru").get("ru")
    error = DomainError("order-error-bad-move", stage="DONE", target="PARTS_PRICING")
    assert error_text(l10n, error) == (
        "С этапа «Успешно завершено» нельзя перейти на «Калькуляция запчастей»."
    )
    assert error_text(l10n, DomainError("task-error-taken", name="<Олег>")) == (
        "Задачу уже взял(а) &lt;Олег&gt;."
    )
