"""The demo's story: one order from the first photo to the hand-over, by five people.

It includes what real days have: an album and a video, a send-back from labour pricing to
parts pricing with a reason, and a partial delivery. Labels are looked up in the people's
language, so the same story runs with `--lang en`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.i18n import L10n, Translator
from bot.render.orders import act_label
from services.orders.stages import Stage
from services.staff.roles import Role

if TYPE_CHECKING:
    from bot.testing.demo.runner import DemoShop
    from bot.testing.demo.transcript import Person, Transcript

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
    scene = _Scene(t, STORY[lang], Translator("ru").get(lang), shop.people)
    for act in (
        _new_order,
        _pricing,
        _labour,
        _repricing,
        _approval,
        _director,
        _purchase,
        _receiving,
        _issue,
        _history,
    ):
        await act(scene)


@dataclass
class _Scene:
    """What every act of the story needs: the transcript, the words, the people."""

    t: Transcript
    story: dict[str, str]
    l10n: L10n
    people: dict[Role, Person]

    def label(self, key: str, **args: object) -> str:
        return self.l10n.raw(key, **args)

    def act(self, stage: Stage) -> str:
        return act_label(self.l10n, stage) or ""

    @property
    def master(self) -> Person:
        return self.people[Role.MASTER]

    @property
    def supplier(self) -> Person:
        return self.people[Role.SUPPLIER]

    @property
    def head(self) -> Person:
        return self.people[Role.HEAD]

    @property
    def storekeeper(self) -> Person:
        return self.people[Role.STOREKEEPER]


async def _new_order(s: _Scene) -> None:
    t, master, story, label = s.t, s.master, s.story, s.label
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


async def _pricing(s: _Scene) -> None:
    t, supplier = s.t, s.supplier
    t.section(s.label("demo-act-pricing"))
    await t.tap(supplier, s.label("notice-btn-take"))
    await t.tap(supplier, s.act(Stage.PARTS_PRICING))
    await t.type(supplier, "4200 - Автодок 2")
    await t.type(supplier, "1550 - Emex 3")
    await t.type(supplier, "900 - Emex 1")


async def _labour(s: _Scene) -> None:
    t, head = s.t, s.head
    t.section(s.label("demo-act-labour"))
    await t.tap(head, s.label("notice-btn-take"))
    await t.tap(head, s.act(Stage.LABOUR_PRICING))
    await t.type(head, s.story["works"])
    await t.tap(head, s.label("labour-btn-return"))
    await t.type(head, s.story["send_back"])


async def _repricing(s: _Scene) -> None:
    t, supplier, label = s.t, s.supplier, s.label
    t.section(label("demo-act-repricing"))
    await t.tap(supplier, s.act(Stage.PARTS_PRICING))
    await t.tap(supplier, f"1. {s.story['pads']}")
    await t.type(supplier, "3600 - Emex 3")
    await t.tap(supplier, label("pricing-btn-finish", stage=label("stage-LABOUR_PRICING")))
    await t.tap(s.head, s.act(Stage.LABOUR_PRICING))
    await t.tap(s.head, label("labour-btn-approve"))


async def _approval(s: _Scene) -> None:
    t, master = s.t, s.master
    t.section(s.label("demo-act-approval"))
    await t.tap(master, s.act(Stage.CLIENT_APPROVAL))
    await t.tap(master, s.label("approval-btn-agreed"))
    await t.tap(master, s.label("approval-btn-after-tomorrow"))
    await t.tap(master, "10:00")
    await t.tap(master, s.label("approval-btn-book"))


async def _director(s: _Scene) -> None:
    s.t.section(s.label("demo-act-director"))
    await s.t.press(s.people[Role.DIRECTOR], s.label("menu-orders"))


async def _purchase(s: _Scene) -> None:
    t, supplier, label = s.t, s.supplier, s.label
    t.section(label("demo-act-purchase"))
    await t.tap(supplier, label("notice-btn-take"))
    await t.tap(supplier, s.act(Stage.PARTS_PURCHASE))
    await t.type(supplier, "E-55812")
    await t.tap(supplier, label("purchase-btn-tomorrow"))
    await t.tap(supplier, label("purchase-btn-same-all", number="E-55812", vendor="Emex"))


async def _receiving(s: _Scene) -> None:
    t, storekeeper, story = s.t, s.storekeeper, s.story
    all_of = s.label("receiving-btn-all", missing="1")
    t.section(s.label("demo-act-receiving"))
    await t.tap(storekeeper, s.label("notice-btn-take"))
    await t.tap(storekeeper, s.act(Stage.AWAITING_DELIVERY))
    await t.tap(storekeeper, story["link"])
    await t.tap(storekeeper, "1")
    await t.tap(storekeeper, story["pads"])
    await t.tap(storekeeper, all_of)
    await t.tap(storekeeper, story["filter"])
    await t.tap(storekeeper, all_of)
    await t.tap(storekeeper, story["link"])
    await t.tap(storekeeper, all_of)


async def _issue(s: _Scene) -> None:
    t, master, story = s.t, s.master, s.story
    t.section(s.label("demo-act-issue"))
    await t.tap(master, s.act(Stage.PRE_ISSUE_CHECK))
    checklist = [story["pads"], story["link"], story["filter"]]
    checklist += [line.rsplit(" ", 1)[0] for line in story["works"].splitlines()]
    for n, item in enumerate(checklist, 1):
        await t.tap(master, "☐ " + item, quiet=n < len(checklist))
    await t.tap(master, s.label("pre-issue-btn-issue"))


async def _history(s: _Scene) -> None:
    s.t.section(s.label("demo-act-history"))
    await s.t.tap(s.master, s.label("notice-btn-open"))
    await s.t.tap(s.master, s.label("card-btn-history"))
