"""Every runtime dependency declared in pyproject.toml is used by the code it ships with."""

from __future__ import annotations

import ast
import functools
import re
import tomllib
from importlib.metadata import packages_distributions, version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = ("bot", "handlers", "dialogs", "services")

# Declared but not imported yet, each with the reason it stays.
# Declared dependencies nothing imports yet (each with why); empty now.
NOT_IMPORTED_YET: set[str] = set()


def _normal(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def _declared() -> list[str]:
    """Distribution names; extras (`redis[hiredis]`) and markers (`; sys_platform …`) are the
    named distribution's business."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return [_normal(re.match(r"[A-Za-z0-9._-]+", r)[0]) for r in project["dependencies"]]


@functools.cache
def _owners() -> dict[str, list[str]]:
    """Reading every installed distribution's metadata takes a while: once per run."""
    return packages_distributions()


def _import_names(distribution: str) -> set[str]:
    names = {
        module
        for module, owners in _owners().items()
        if distribution in {_normal(owner) for owner in owners}
    }
    # Not installed here (its marker excludes this platform): the usual spelling.
    return names or {distribution.replace("-", "_")}


@functools.cache
def _code_imports() -> set[str]:
    modules: set[str] = set()
    for package in CODE:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    return modules


def _sqlalchemy_drivers() -> set[str]:
    """Database drivers are loaded by SQLAlchemy from the URL (`postgresql+asyncpg://`)."""
    text = "\n".join(
        path.read_text("utf-8") for package in CODE for path in (ROOT / package).rglob("*.py")
    )
    return set(re.findall(r"\+(\w+)://", text))


def test_every_declared_dependency_is_imported():
    used = _code_imports() | _sqlalchemy_drivers()
    unused = [d for d in _declared() if d not in NOT_IMPORTED_YET and not _import_names(d) & used]
    assert unused == [], f"declared in pyproject.toml, never imported: {unused}"


def test_the_not_imported_list_is_still_true():
    used = _code_imports()
    imported_now = [d for d in NOT_IMPORTED_YET if _import_names(d) & used]
    assert imported_now == [], f"imported now, drop from NOT_IMPORTED_YET: {imported_now}"


# Routing relies on the framework's behaviour, not only its API: each is pinned to the minor
# release the suite ran on, so an upgrade is a deliberate change with the suite run again.
PINNED_TO_MINOR = ("aiogram", "aiogram-dialog")


def test_the_framework_is_pinned_to_the_tested_minor():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    specs = {_normal(re.match(r"[A-Za-z0-9._-]+", r)[0]): r for r in declared["dependencies"]}
    for name in PINNED_TO_MINOR:
        pin = re.fullmatch(rf"{name}>=(\d+)\.(\d+),<(\d+)\.(\d+)", specs[name])
        assert pin, f"{name} is not pinned to one minor release: {specs[name]}"
        major, minor, upper_major, upper_minor = map(int, pin.groups())
        assert (upper_major, upper_minor) == (major, minor + 1), specs[name]
        installed = version(name).split(".")
        assert (int(installed[0]), int(installed[1])) == (major, minor), (name, version(name))
