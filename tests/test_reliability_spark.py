"""`kroniek spark build` from a fresh, non-activated venv whose `python3` on PATH is not the one kroniek runs in.

The Python workers of a local master used to start the first `python3` on PATH; here that one lacks pyarrow,
as on a machine where the venv is not activated, so the old code failed with ModuleNotFoundError."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, needs_seeds
from kroniek.spark import missing

pytestmark = [
    pytest.mark.skipif(shutil.which("java") is None, reason="java not installed"),
    pytest.mark.skipif(missing() is not None, reason=f"Spark unavailable: {missing()}"),
    needs_seeds,
]

SCRIPT = """#!{python}
import sys
from kroniek.cli import app
sys.exit(app())
"""


def _venv(where: Path) -> Path:
    """A venv over the installed site-packages with this checkout installed in it, as `pip install -e .` would
    (a .pth and a console script: offline, no build backend needed)."""
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(where)],
                   check=True)
    python = where / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             check=True, capture_output=True, text=True).stdout.strip()
    # a path entry wins over the editable finder of another checkout that the system site may hold
    Path(purelib, "kroniek_checkout.pth").write_text(f"{ROOT}\n")
    script = where / "bin" / "kroniek"
    script.write_text(SCRIPT.format(python=python))
    script.chmod(0o755)
    return script


def _python_without_pyarrow(where: Path) -> Path:
    """A folder whose `python3` is an interpreter in which `import pyarrow` fails."""
    blocker = where / "blocker" / "pyarrow"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'pyarrow'\")\n")
    bindir = where / "bin"
    bindir.mkdir()
    real = sysconfig.get_config_var("BINDIR") + "/python3"
    stub = bindir / "python3"
    stub.write_text(f'#!/bin/sh\nPYTHONPATH="{blocker.parent}:$PYTHONPATH" exec {real} "$@"\n')
    stub.chmod(0o755)
    return bindir


def test_spark_build_from_a_venv_with_another_python3_on_path(tmp_path):
    kroniek = _venv(tmp_path / "v")
    bindir = _python_without_pyarrow(tmp_path / "stub")
    assert subprocess.run([str(bindir / "python3"), "-c", "import pyarrow"], capture_output=True).returncode
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYSPARK_", "PYTHONPATH", "VIRTUAL_ENV"))}
    env["PATH"] = f"{bindir}:{env.get('PATH', '')}"
    work = tmp_path / "cwd"  # not the checkout: the workers must not find kroniek by accident of the folder
    work.mkdir()
    corpus = tmp_path / "corpus"  # two seeds: the analysis runs in the workers; linking is not what is tested
    corpus.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(path, corpus)
    out = tmp_path / "story"
    result = subprocess.run([str(kroniek), "spark", "build", str(corpus), "--out", str(out), "--master", "local[1]",
                             "--no-link", "--conf", "spark.sql.shuffle.partitions=2"],
                            cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "pyarrow" not in result.stderr
    from kroniek.store import Store

    with Store.in_dir(out, read_only=True) as store:
        assert store.count("documents") == 2 and store.count("mentions") > 20
