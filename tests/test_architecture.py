"""The architecture holds: the layers, no import cycles, the engine free of any front end (pyproject.toml)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_are_kept(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert status == 0, report
    assert "0 broken" in report and "5 kept" in report


def test_no_import_hides_in_a_function_but_the_app_s_late_ones() -> None:
    """Imports belong at the top of a module. Only the app imports late, to draw its first screen before
    the engine is imported, and each such import says so."""
    late = []
    for path in sorted((ROOT / "game").rglob("*.py")):
        inside_type_checking = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("if TYPE_CHECKING:"):
                inside_type_checking = True
                continue
            if line and not line.startswith(" "):
                inside_type_checking = False
            stripped = line.strip()
            if line.startswith(" ") and not inside_type_checking and stripped.startswith(("import ", "from ")):
                late.append((path.relative_to(ROOT).as_posix(), stripped))
    late = [item for item in late if item[0] != "game/engine/load/safeyaml.py"]  # libyaml, when PyYAML has it
    assert late and all(file == "game/tui/app.py" and line.endswith("# imported late") for file, line in late), \
        os.linesep.join(f"{file}: {line}" for file, line in late if not line.endswith("# imported late"))


def test_the_code_passes_ruff() -> None:
    """Unused or undefined names and unsorted imports are caught here, not by the next reader."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "game", "tests", "docs"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
