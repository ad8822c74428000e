"""No function is longer than 50 lines: a function a reader can hold at once.

Counted from its `def` line to its last line (decorators aside), nested functions on their own.
Outside the rule: the migrations (each is a frozen script) and the CLI's parser (one flat list
of commands and options reads best as one list).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("bot", "handlers", "dialogs", "services", "tests", "bench")
LIMIT = 50
EXEMPT = {
    "bot/cli/commands.py:build_parser",
}
EXEMPT_FOLDERS = ("services/storage/migrations/",)


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, int]]:
    """(qualified name, length in lines) of every function, methods and nested ones too."""
    found: list[tuple[str, int]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = prefix + node.name
            found.append((name, (node.end_lineno or node.lineno) - node.lineno + 1))
            found += _functions(node, name + ".")
        elif isinstance(node, ast.ClassDef):
            found += _functions(node, prefix + node.name + ".")
        else:
            found += _functions(node, prefix)
    return found


def _checked(relative: str) -> bool:
    return not relative.startswith(EXEMPT_FOLDERS) and "/__pycache__/" not in relative


def long_functions() -> list[str]:
    long: list[str] = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if not _checked(relative):
                continue
            for name, length in _functions(ast.parse(path.read_text("utf-8"))):
                where = f"{relative}:{name}"
                if length > LIMIT and where not in EXEMPT:
                    long.append(f"{where} ({length} lines)")
    return long


def test_no_function_is_longer_than_50_lines() -> None:
    assert long_functions() == []


def test_the_exemptions_name_functions_that_exist() -> None:
    named = set()
    for where in EXEMPT:
        relative = where.split(":")[0]
        path = ROOT / relative
        if path.is_file():
            named |= {f"{relative}:{n}" for n, _ in _functions(ast.parse(path.read_text("utf-8")))}
    assert sorted((EXEMPT) - named) == []


if __name__ == "__main__":
    print("\n".join(long_functions()))
