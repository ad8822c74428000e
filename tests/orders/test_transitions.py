"""The transition table and the totals, without a database."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.errors import DomainError
from services.orders.pipeline import (
    NOTHING_TO_DO,
    STAGE_OWNER,
    TABLE,
    MoveKind,
    check_guard,
    check_reason,
    classify,
    may,
    rule_for,
)
from services.orders.stages import OPEN_STAGES, Stage
from services.orders.totals import compute_totals, default_sale_price
from services.staff.roles import Role
from services.storage.models import Order, OrderPart, WorkLine

FORWARD = [
    (Stage.NEW, Stage.PARTS_PRICING, "master"),
    (Stage.PARTS_PRICING, Stage.LABOUR_PRICING, "supplier"),
    (Stage.LABOUR_PRICING, Stage.CLIENT_APPROVAL, "head"),
    (Stage.CLIENT_APPROVAL, Stage.PARTS_PURCHASE, "master"),
    (Stage.PARTS_PURCHASE, Stage.AWAITING_DELIVERY, "supplier"),
    (Stage.AWAITING_DELIVERY, Stage.PRE_ISSUE_CHECK, "storekeeper"),
    (Stage.PRE_ISSUE_CHECK, Stage.DONE, "master"),
]


def part(status="new", qty="1", **kw) -> OrderPart:
    return OrderPart(status=status, quantity=Decimal(qty), received_quantity=Decimal(0), **kw)


def order(stage: Stage = Stage.PARTS_PRICING, parts=(), **kw) -> Order:
    o = Order(stage=stage.value, labour_approved=False, **kw)
    o.parts = list(parts)
    o.works = []
    return o


@pytest.mark.parametrize(("source", "target", "role"), FORWARD)
def test_forward_moves_belong_to_the_stage_owner_and_the_director(source, target, role):
    rule = rule_for(source, target)
    assert rule.kind is MoveKind.FORWARD and not rule.needs_reason
    assert may(rule, frozenset({role})) and may(rule, frozenset({"director"}))
    others = {"master", "supplier", "head", "storekeeper"} - {role}
    assert not any(may(rule, frozenset({o})) for o in others)


def test_no_forward_jumps_and_no_moves_out_of_closed_orders():
    with pytest.raises(DomainError) as jump:
        rule_for(Stage.PARTS_PRICING, Stage.CLIENT_APPROVAL)
    assert jump.value.key == "order-error-bad-move"
    for closed in (Stage.DONE, Stage.CANCELLED):
        with pytest.raises(DomainError) as err:
            rule_for(closed, Stage.PARTS_PRICING)
        assert err.value.key == "order-error-closed"


def test_back_moves_to_any_earlier_stage_but_new_need_a_reason():
    rule = rule_for(Stage.PRE_ISSUE_CHECK, Stage.PARTS_PRICING)
    assert rule.kind is MoveKind.BACK and rule.needs_reason
    assert may(rule, frozenset({"master"})) and not may(rule, frozenset({"storekeeper"}))
    assert (Stage.LABOUR_PRICING, Stage.NEW) not in TABLE
    assert may(rule_for(Stage.AWAITING_DELIVERY, Stage.PARTS_PURCHASE), frozenset({"supplier"}))
    with pytest.raises(DomainError) as err:
        check_reason(rule.kind, "   ")
    assert err.value.key == "order-error-reason-required"
    assert check_reason(rule.kind, " клиент передумал ") == "клиент передумал"


def test_the_storekeeper_sends_back_from_delivery_to_the_purchase_only():
    """He owns delivery to receive the parts: only the purchase feeding it is his to fault."""
    from services.orders.pipeline import back_targets

    keeper, master = {"storekeeper"}, {"master"}
    assert back_targets(Stage.AWAITING_DELIVERY, keeper) == (Stage.PARTS_PURCHASE,)
    earlier = back_targets(Stage.AWAITING_DELIVERY)
    assert back_targets(Stage.AWAITING_DELIVERY, master) == earlier
    assert back_targets(Stage.AWAITING_DELIVERY, {"supplier"}) == earlier
    assert back_targets(Stage.AWAITING_DELIVERY, {"storekeeper", "master"}) == earlier
    assert back_targets(Stage.AWAITING_DELIVERY, {"director"}) == earlier
    # The table the use cases check says the same.
    for target in earlier:
        rule = rule_for(Stage.AWAITING_DELIVERY, target)
        assert may(rule, keeper) is (target is Stage.PARTS_PURCHASE), target
    # Nor may he send back from a stage he does not own.
    assert back_targets(Stage.PRE_ISSUE_CHECK, keeper) == ()


def test_cancel_from_every_open_stage_with_a_reason():
    for stage in OPEN_STAGES:
        rule = rule_for(stage, Stage.CANCELLED)
        assert rule.kind is MoveKind.CANCEL and rule.needs_reason
        assert may(rule, frozenset({"master"})) and not may(rule, frozenset({"supplier"}))


def test_every_rule_admits_the_director_and_every_task_stage_has_an_owner():
    assert all("director" in r.roles for r in TABLE.values())
    assert set(STAGE_OWNER) == set(OPEN_STAGES)


def test_guards():
    priced = part("priced", purchase_price=Decimal(1), sale_price=Decimal(2))
    unpriced = part()
    gone = part("unavailable")
    rule = rule_for(Stage.PARTS_PRICING, Stage.LABOUR_PRICING)
    with pytest.raises(DomainError) as err:
        check_guard(rule.guard, order(parts=[priced, unpriced]))
    assert err.value.key == "order-error-parts-not-priced"
    check_guard(rule.guard, order(parts=[priced, gone]))

    approval = rule_for(Stage.CLIENT_APPROVAL, Stage.PARTS_PURCHASE).guard
    when = datetime(2026, 11, 24, 10, tzinfo=UTC)
    assert not approval.check(order(client_approved_at=when))
    assert approval.check(order(client_approved_at=when, appointment_at=when))

    purchase = rule_for(Stage.PARTS_PURCHASE, Stage.AWAITING_DELIVERY).guard
    ordered = part("ordered", vendor_order_no="E-1", expected_date=date(2026, 11, 25))
    assert not purchase.check(order(parts=[ordered, part("priced", vendor_order_no="E-2")]))
    assert purchase.check(order(parts=[ordered, gone]))

    delivery = rule_for(Stage.AWAITING_DELIVERY, Stage.PRE_ISSUE_CHECK).guard
    half = part("ordered", qty="2")
    half.received_quantity = Decimal(1)
    assert not delivery.check(order(parts=[half, gone]))
    half.received_quantity = Decimal(2)
    assert delivery.check(order(parts=[half, gone]))


def test_stages_with_nothing_to_do_and_classify():
    assert NOTHING_TO_DO[Stage.PARTS_PRICING](order())
    assert NOTHING_TO_DO[Stage.PARTS_PURCHASE](order(parts=[part("unavailable")]))
    assert not NOTHING_TO_DO[Stage.PARTS_PURCHASE](order(parts=[part("priced")]))
    assert classify(Stage.AWAITING_DELIVERY, Stage.LABOUR_PRICING) is MoveKind.BACK
    assert classify(Stage.PARTS_PRICING, Stage.DONE) is MoveKind.FORWARD
    assert classify(Stage.PARTS_PRICING, Stage.CANCELLED) is MoveKind.CANCEL


def test_totals_leave_out_unavailable_parts():
    parts = [
        part("priced", qty="2", purchase_price=Decimal("3100"), sale_price=Decimal("4030")),
        part("priced", qty="1.5", purchase_price=Decimal("100.10"), sale_price=Decimal("130")),
        part("unavailable", purchase_price=Decimal(999), sale_price=Decimal(1999)),
    ]
    works = [WorkLine(cost=Decimal("3000")), WorkLine(cost=Decimal("1500.50"))]
    totals = compute_totals(parts, works)
    assert totals.parts_cost == Decimal("6350.15")
    assert totals.parts_sale == Decimal("8255.00")
    assert totals.labour == Decimal("4500.50")
    assert totals.grand_total == Decimal("12755.50")
    assert totals.parts_margin == Decimal("1904.85")
    assert totals.parts_complete
    assert not compute_totals([*parts, part()], works).parts_complete


def test_default_markup_rounds_to_whole_rubles():
    assert default_sale_price(Decimal(3100)) == Decimal("4030.00")
    assert default_sale_price(Decimal("99.99")) == Decimal("130.00")  # 129.987
    assert default_sale_price(Decimal("1.15")) == Decimal("1.00")  # 1.495
    assert default_sale_price(Decimal(100), Decimal(25)) == Decimal("125.00")


def test_reason_longer_than_history_keeps_is_refused():
    import pytest

    from services.errors import DomainError
    from services.orders.pipeline import MoveKind, check_reason

    assert check_reason(MoveKind.BACK, "  a  ") == "a"
    with pytest.raises(DomainError) as error:
        check_reason(MoveKind.CANCEL, "x" * 501)
    assert error.value.key == "order-error-reason-too-long"


def test_actions_follow_the_table():
    from services.orders.pipeline import Action, actions, back_roles

    for stage in OPEN_STAGES:
        for role in Role:
            allowed = actions(stage, {role.value})
            can_back = any(r.kind is MoveKind.BACK and may(r, {role.value}) for r in _from(stage))
            assert (Action.MOVE_BACK in allowed) == can_back, (stage, role)
            assert (Action.CANCEL in allowed) == may(rule_for(stage, Stage.CANCELLED), {role})
    assert Role.SUPPLIER in back_roles(Stage.AWAITING_DELIVERY)
    assert Action.MOVE_BACK not in actions(Stage.CLIENT_APPROVAL, {Role.SUPPLIER.value})
    assert actions(Stage.DONE, {Role.DIRECTOR.value}) == frozenset()


def _from(stage: Stage) -> list:
    return [rule for (source, _), rule in TABLE.items() if source is stage]


def test_move_use_picks_the_use_case():
    from services.orders.pipeline import Action, move_use

    director, master = {Role.DIRECTOR.value}, {Role.MASTER.value}
    assert move_use(Stage.LABOUR_PRICING, Stage.CANCELLED, director) is Action.CANCEL
    assert move_use(Stage.LABOUR_PRICING, Stage.CLIENT_APPROVAL, master) is Action.COMPLETE_STAGE
    assert move_use(Stage.LABOUR_PRICING, Stage.PARTS_PRICING, director) is Action.DIRECTOR_MOVE
    assert move_use(Stage.LABOUR_PRICING, Stage.PARTS_PRICING, master) is Action.MOVE_BACK
    with pytest.raises(DomainError):
        move_use(Stage.DONE, Stage.CANCELLED, director)
