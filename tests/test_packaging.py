"""The installed package carries its grammar: a wheel built from the tree contains it."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_grammar(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("feel-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "feel/grammar/feel.lark" in names
    assert "feel/__init__.py" in names


def test_grammar_loads_from_package_resources():
    from feel.parser import grammar_text

    assert "%declare" in grammar_text()
