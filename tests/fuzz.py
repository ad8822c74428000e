"""How hard the property tests search for a counterexample.

The whole suite (CI) draws every example each test asks for. The inner loop, `pytest -m unit`,
draws a fifth of them, so it stays under a minute: the same properties, a shallower search. A
counterexample either run finds is kept in `.hypothesis/` and replayed first by the next run.
"""

from __future__ import annotations

# Set by tests/conftest.py before the test modules are imported.
SHARE = 1.0
INNER_LOOP_SHARE = 0.2


def examples(wanted: int) -> int:
    """The number of examples to draw for a test that wants `wanted` in the full run."""
    return max(10, round(wanted * SHARE))
