"""An installed copy works from anywhere: the wheel carries the shipped story, its guide and every data file."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_installs_and_checks_the_shipped_story_from_anywhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(dist), str(ROOT)], check=True, timeout=300)
    [wheel] = dist.glob("millones-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {path.relative_to(ROOT).as_posix() for path in (ROOT / "scenes").rglob("*") if path.is_file()}
    assert {f"game/{name}" for name in shipped} <= names  # the story and its authoring guide
    assert {"game/tui/app.tcss", "game/schemas/scenes.schema.json", "game/schemas/story.schema.json"} <= names
    assert {"game/maps/page.js", "game/maps/page.css", "game/cli/starter/story.yaml", "game/cli/starter/settings.json",
            "game/cli/starter/scenes/01_harbour.yaml", "game/cli/starter/scenes/02_crossing.yaml"} <= names
    assert "game/locale/es/LC_MESSAGES/millones.mo" in names  # the interface's Spanish, compiled

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, timeout=300)
    # The new environment borrows this one's dependencies (not this checkout: its editable path is not read).
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    elsewhere = tmp_path / "somewhere_else"
    elsewhere.mkdir()
    env = {**os.environ, "HOME": str(tmp_path / "home"), "MILLONES_SAVES": "", "MILLONES_DATA": ""}
    for variable in ("PYTHONPATH", "LC_ALL", "LC_MESSAGES"):  # LANG alone chooses the language below
        env.pop(variable, None)

    def millones(*args: str, typed: str = "", locale: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(venv / "bin" / "millones"), *args], capture_output=True, text=True, cwd=elsewhere,
                              env={**env, "LANG": locale}, timeout=300, input=typed)

    where = subprocess.run([python, "-c", "import game; print(game.__file__)"], capture_output=True, text=True,
                           cwd=elsewhere, env=env, check=True).stdout
    assert where.startswith(str(venv))
    check = millones("check")
    assert check.returncode == 0, check.stderr
    assert "\n0 error(s), 0 warning(s);" in "\n" + check.stdout  # (a line per translation follows it)
    walk = millones("randomtest", "--runs", "20", "--seed", "3")
    assert walk.returncode == 0 and "No failures." in walk.stdout, walk.stdout + walk.stderr
    new = millones("new", "mine")  # the starter story and the map's page come from the package's data files
    assert new.returncode == 0, new.stderr
    assert millones("check", "mine").stdout.splitlines()[-1].startswith("0 error(s), 0 warning(s);")
    drawn = millones("map", "mine")
    assert drawn.returncode == 0 and "function" in (elsewhere / "story-map.html").read_text(), drawn.stderr
    saves = millones("saves", "list")
    assert saves.returncode == 0 and str(tmp_path / "home") in saves.stdout  # the user's data folder, not the wheel
    spanish = millones("play", "--plain", typed="quit\n", locale="es_MX.UTF-8")  # the installed catalog is found
    assert spanish.returncode == 0 and "Capítulo:" in spanish.stdout and "Hasta luego." in spanish.stdout, spanish.stderr
