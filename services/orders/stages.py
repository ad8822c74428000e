"""The stages of a repair order, in pipeline order (the rules about them: `pipeline`)."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    NEW = "NEW"
    PARTS_PRICING = "PARTS_PRICING"
    LABOUR_PRICING = "LABOUR_PRICING"
    CLIENT_APPROVAL = "CLIENT_APPROVAL"
    PARTS_PURCHASE = "PARTS_PURCHASE"
    AWAITING_DELIVERY = "AWAITING_DELIVERY"
    PRE_ISSUE_CHECK = "PRE_ISSUE_CHECK"
    DONE = "DONE"
    CANCELLED = "CANCELLED"


# The pipeline in order; CANCELLED stands outside it.
PIPELINE: tuple[Stage, ...] = (
    Stage.NEW,
    Stage.PARTS_PRICING,
    Stage.LABOUR_PRICING,
    Stage.CLIENT_APPROVAL,
    Stage.PARTS_PURCHASE,
    Stage.AWAITING_DELIVERY,
    Stage.PRE_ISSUE_CHECK,
    Stage.DONE,
)
CLOSED_STAGES: frozenset[Stage] = frozenset({Stage.DONE, Stage.CANCELLED})
OPEN_STAGES: tuple[Stage, ...] = tuple(s for s in PIPELINE if s not in CLOSED_STAGES)


def index(stage: Stage) -> int:
    """Position in the pipeline; CANCELLED has none and raises ValueError."""
    return PIPELINE.index(stage)


def is_open(stage: Stage | str) -> bool:
    return Stage(stage) not in CLOSED_STAGES


def next_stage(stage: Stage) -> Stage:
    """The stage after `stage` in the pipeline (only for open stages)."""
    return PIPELINE[index(stage) + 1]
