"""The demo's story: one order from the first photo to the hand-over, by five people.

It includes what real days have: an album and a video, a send-back from labour pricing to
parts pricing with a reason, and a partial delivery. Labels are looked up in the people's
language, so the same story runs with `--lang en`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.i18n import Translator
from bot.render.orders import act_label
from services.orders.stages import Stage
from services.roles import Role

if TYPE_CHECKING:
    from bot.demo.runner import DemoShop

STORY = {
    "ru": {
        "client": "Иван Петров",
        "complaint": "стук спереди справа на кочках",
        "parts": "Колодки передние 1\nСтойка стабилизатора 2\nФильтр салона; 7701064235; 1",
        "pads": "Колодки передние",
        "link": "Стойка стабилизатора",
        "filter": "Фильтр салона",
        "works": "Замена колодок 1500\nЗамена стоек стабилизатора 2400\nЗамена фильтра салона 500",
        "send_back": "Колодки у Emex дешевле — пересчитай, пожалуйста",
    },
    "en": {
        "client": "Ivan Petrov",
        "complaint": "knocking front right over bumps",
        "parts": "Front brake pads 1\nStabiliser link 2\nCabin filter; 7701064235; 1",
        "pads": "Front brake pads",
        "link": "Stabiliser link",
        "filter": "Cabin filter",
        "works": "Brake pads 1500\nStabiliser links 2400\nCabin filter 500",
        "send_back": "Emex has cheaper pads — please re-price",
    },
}


async def run_script(shop: DemoShop) -> None:
    t = shop.transcript
    lang = t.people[0].user.language_code or "ru"
    story = STORY[lang]
    l10n = Translator("ru").get(lang)
    label = l10n.raw
    master, supplier, head, storekeeper, director = (
        shop.people[r]
        for r in (Role.MASTER, Role.SUPPLIER, Role.HEAD, Role.STOREKEEPER, Role.DIRECTOR)
    )

    def act(stage: Stage) -> str:
        return act_label(l10n, stage) or ""

    t.section(label("demo-act-new-order"))
    await t.press(master, label("menu-new-order"))
    await t.type(master, "8 916 123-45-67")
    await t.type(master, story["client"])
    await t.type(master, "VF1LM1B0H36123456 А123ВС77")
    await t.type(master, story["complaint"])
    await t.type(master, story["parts"])
    await t.tap(master, label("new-order-btn-done"))
    await t.photos(master, 3, album="album-1")
    await t.video(master)
    await t.tap(master, label("new-order-btn-done"))
    await t.tap(master, label("new-order-btn-save"))

    t.section(label("demo-act-pricing"))
    await t.tap(supplier, label("notice-btn-take"))
    await t.tap(supplier, act(Stage.PARTS_PRICING))
    await t.type(supplier, "4200 - Автодок 2")
    await t.type(supplier, "1550 - Emex 3")
    await t.type(supplier, "900 - Emex 1")

    t.section(label("demo-act-labour"))
    await t.tap(head, label("notice-btn-take"))
    await t.tap(head, act(Stage.LABOUR_PRICING))
    await t.type(head, story["works"])
    await t.tap(head, label("labour-btn-return"))
    await t.type(head, story["send_back"])

    t.section(label("demo-act-repricing"))
    await t.tap(supplier, act(Stage.PARTS_PRICING))
    await t.tap(supplier, f"1. {story['pads']}")
    await t.type(supplier, "3600 - Emex 3")
    await t.tap(supplier, label("pricing-btn-finish", stage=label("stage-LABOUR_PRICING")))
    await t.tap(head, act(Stage.LABOUR_PRICING))
    await t.tap(head, label("labour-btn-approve"))

    t.section(label("demo-act-approval"))
    await t.tap(master, act(Stage.CLIENT_APPROVAL))
    await t.tap(master, label("approval-btn-agreed"))
    await t.tap(master, label("approval-btn-after-tomorrow"))
    await t.tap(master, "10:00")
    await t.tap(master, label("approval-btn-book"))

    t.section(label("demo-act-director"))
    await t.press(director, label("menu-orders"))

    t.section(label("demo-act-purchase"))
    await t.tap(supplier, label("notice-btn-take"))
    await t.tap(supplier, act(Stage.PARTS_PURCHASE))
    await t.type(supplier, "E-55812")
    await t.tap(supplier, label("purchase-btn-tomorrow"))
    await t.tap(supplier, label("purchase-btn-same-all", number="E-55812", vendor="Emex"))

    t.section(label("demo-act-receiving"))
    await t.tap(storekeeper, label("notice-btn-take"))
    await t.tap(storekeeper, act(Stage.AWAITING_DELIVERY))
    await t.tap(storekeeper, story["link"])
    await t.tap(storekeeper, "1")
    await t.tap(storekeeper, story["pads"])
    await t.tap(storekeeper, label("receiving-btn-all", missing="1"))
    await t.tap(storekeeper, story["filter"])
    await t.tap(storekeeper, label("receiving-btn-all", missing="1"))
    await t.tap(storekeeper, story["link"])
    await t.tap(storekeeper, label("receiving-btn-all", missing="1"))

    t.section(label("demo-act-issue"))
    await t.tap(master, act(Stage.PRE_ISSUE_CHECK))
    checklist = [story["pads"], story["link"], story["filter"]]
    checklist += [line.rsplit(" ", 1)[0] for line in story["works"].splitlines()]
    for n, item in enumerate(checklist, 1):
        await t.tap(master, "☐ " + item, quiet=n < len(checklist))
    await t.tap(master, label("pre-issue-btn-issue"))

    t.section(label("demo-act-history"))
    await t.tap(master, label("notice-btn-open"))
    await t.tap(master, label("card-btn-history"))
