"""The program as a new user installs it: a wheel (not an editable install) in a fresh
virtualenv, run from an empty folder with no source tree beside it. Everything it needs (the
Alembic scripts, the templates, the sample books) must ship inside the package.

And the layering is a contract: ``lint-imports`` checks it (see pyproject.toml)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = "Scripts" if os.name == "nt" else "bin"


def _run(args, cwd, **kw):
    env = {k: v for k, v in os.environ.items() if k not in ("FUNDLEDGER_HOME", "FUNDLEDGER_DB", "PYTHONPATH")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, **kw)


@pytest.mark.slow
def test_the_wheel_installs_into_a_fresh_virtualenv_and_runs_the_demo_from_an_empty_folder(tmp_path):
    wheels = tmp_path / "wheels"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)], cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = wheels.glob("fundledger-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / BIN / "python"
    installed = _run([str(python), "-m", "pip", "install", "-q", str(wheel)], cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]

    empty = tmp_path / "empty"
    empty.mkdir()
    where = _run([str(python), "-c", "import ledger; print(ledger.__file__)"], cwd=empty)
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout   # not the source tree

    fundledger = str(env_dir / BIN / "fundledger")
    demo = _run([fundledger, "demo", "-o", "out"], cwd=empty)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]
    assert "34 open finding(s)" in demo.stdout
    assert {p.name for p in (empty / "out").iterdir()} >= {"demo.db", "audit.xlsx", "disclosure.xlsx"}

    # The first steps of the README's tour, which failed on a missing migrations folder.
    init = _run([fundledger, "--db", "sqlite:///fund.db", "init", "--party", "Партия", "--election", "Мажилис 2007"],
                cwd=empty)
    assert init.returncode == 0, init.stderr
    template = _run([fundledger, "--db", "sqlite:///fund.db", "template", "contributions", "-o", "t.xlsx"], cwd=empty)
    assert template.returncode == 0, template.stderr
    assert (empty / "t.xlsx").stat().st_size > 0


def test_the_layers_keep_their_contract():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "lint-imports is not installed (pip install -e '.[test]')"
    result = _run([lint], cwd=ROOT)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "0 broken" in result.stdout
