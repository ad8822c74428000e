"""The built wheel, installed into a fresh virtual environment, runs the product.

Slow (builds a wheel, makes a venv, runs a subprocess; ~20 s): `pip install .`, the Docker
image and any non-editable install get exactly what the wheel holds, while every other test
runs against the source tree, where missing package data goes unnoticed.
"""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess

ROOT = Path(__file__).resolve().parents[2]
# Not copied into the build: environments, build output, local data, the tests themselves.
_NOT_SOURCE = {".venv", ".git", "build", "dist", "data", ".env", "tests"}


def _not_source(directory: str, names: list[str]) -> set[str]:
    top = _NOT_SOURCE if Path(directory) == ROOT else set()
    return {n for n in names if n in top or n == "__pycache__" or n.endswith(".egg-info")}


# Fluent shows a missing message as its key: `new-order-ask-phone` where the question should be.
_KEY_SHAPED = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\w-])")


def _message_keys() -> set[str]:
    keys: set[str] = set()
    for path in (ROOT / "locales").glob("*/*.ftl"):
        keys |= set(re.findall(r"^([a-z][\w-]*)\s*=", path.read_text("utf-8"), re.MULTILINE))
    return keys


def _raw_keys(text: str, keys: set[str]) -> list[str]:
    return sorted(
        {word for word in _KEY_SHAPED.findall(text) if word in keys or word.count("-") >= 2}
    )


def _must(*args: str | Path) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{args}: {done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the stobot wheel; its dependencies come from the running
    interpreter's site-packages through a .pth file, so nothing is downloaded or reinstalled."""
    scratch = tmp_path_factory.mktemp("wheel")
    source = scratch / "source"  # a copy: building in the worktree leaves build/ behind
    shutil.copytree(ROOT, source, ignore=_not_source)
    _must(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", scratch / "dist", source)
    (wheel,) = (scratch / "dist").glob("stobot-*.whl")
    venv = scratch / "venv"
    _must(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    # Installed before the .pth exists: through it the running environment's own (editable)
    # stobot would look installed already, and pip would skip the wheel.
    _must(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel)
    purelib = _must(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    # Plain paths: .pth files inside them (the editable install's finder) are not run.
    paths = dict.fromkeys([*site.getsitepackages(), sysconfig.get_paths()["purelib"]])
    (Path(purelib.strip()) / "_stobot_test_dependencies.pth").write_text("\n".join(paths) + "\n")
    return venv


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{venv / 'bin'}:{os.environ['PATH']}", "HOME": str(cwd)}
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=180, check=False
    )


def test_the_wheel_holds_the_code_and_its_data(installed, tmp_path):
    probe = _run(
        installed,
        tmp_path,
        str(installed / "bin" / "python"),
        "-c",
        "import bot, bot.i18n, services.importer.profile as p, services.storage.migrate as m;"
        "print(bot.__file__); print(bot.i18n.LOCALES_DIR);"
        "print(','.join(p.shipped_profiles()));"
        "print(','.join(sorted(f.name for f in (m.MIGRATIONS_DIR / 'versions').glob('*.py'))))",
    )
    assert probe.returncode == 0, probe.stderr
    code, locales, profiles, migrations = probe.stdout.splitlines()
    # The installed copy, not the source tree.
    assert Path(code).is_relative_to(installed) and Path(locales).is_relative_to(installed)
    for lang in ("ru", "en"):
        shipped = sorted(p.name for p in (Path(locales) / lang).glob("*.ftl"))
        assert shipped == sorted(p.name for p in (ROOT / "locales" / lang).glob("*.ftl"))
    source_profiles = sorted(p.stem for p in (ROOT / "services/importer/profiles").glob("*.toml"))
    assert profiles.split(",") == source_profiles
    source_versions = (ROOT / "services/storage/migrations/versions").glob("*.py")
    assert migrations.split(",") == sorted(p.name for p in source_versions)


def test_the_installed_demo_shows_text_not_message_keys(installed, tmp_path):
    demo = _run(installed, tmp_path, "stobot", "demo")
    assert demo.returncode == 0, demo.stderr
    assert "Готово: заказ № 1 на этапе «Успешно завершено»" in demo.stdout
    assert _raw_keys(demo.stdout, _message_keys()) == []
