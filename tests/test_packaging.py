"""The built wheel: grammar, ``py.typed``, licence, entry point and metadata; typed use."""

import email
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import feel

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """The wheel pip builds from the tree (no dependencies, no network: the build backend
    comes from the machine's package index)."""
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "source"
    # A copy of the tree without build leftovers, so the wheel holds only what git tracks
    # and the pyproject names (an old build/ folder could hide a missing file).
    shutil.copytree(
        ROOT,
        source,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            ".git", "build", "*.egg-info", "__pycache__", ".hypothesis", "tck_results.csv"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    (built,) = folder.glob("feel-*.whl")
    return zipfile.ZipFile(built)


def _dist_info(wheel: zipfile.ZipFile, name: str) -> str:
    (path,) = [p for p in wheel.namelist() if p.endswith(f".dist-info/{name}")]
    return wheel.read(path).decode()


def test_wheel_ships_grammar(wheel):
    names = wheel.namelist()
    assert "feel/grammar/feel.lark" in names
    assert "feel/__init__.py" in names and "feel/builtins/__init__.py" in names


def test_wheel_ships_py_typed_and_the_licence(wheel):
    names = wheel.namelist()
    assert "feel/py.typed" in names
    (licence,) = [p for p in names if p.endswith("LICENSE")]
    assert ".dist-info/" in licence
    assert "Apache License" in wheel.read(licence).decode()
    assert wheel.read(licence) == (ROOT / "LICENSE").read_bytes()


def test_wheel_metadata(wheel):
    metadata = email.message_from_string(_dist_info(wheel, "METADATA"))
    assert metadata["Name"] == "feel"
    assert metadata["Version"] == feel.__version__
    assert metadata["Requires-Python"] == ">=3.10"
    assert metadata["License-Expression"] == "Apache-2.0"
    classifiers = metadata.get_all("Classifier")
    assert "Typing :: Typed" in classifiers and "Programming Language :: Python :: 3" in classifiers
    assert any(extra == "test" for extra in metadata.get_all("Provides-Extra"))
    assert metadata.get_payload().startswith("# feel")  # the README is the long description


def test_wheel_entry_point(wheel):
    entry_points = _dist_info(wheel, "entry_points.txt")
    assert "[console_scripts]" in entry_points
    assert "feel = feel.__main__:main" in entry_points


def test_grammar_loads_from_package_resources():
    from feel.parser import grammar_text

    assert "%declare" in grammar_text()


def test_version_is_pep_440():
    import re

    assert re.fullmatch(r"\d+\.\d+\.\d+((a|b|rc)\d+)?(\.dev\d+)?", feel.__version__)


TYPED_SCRIPT = """
from decimal import Decimal
import feel

engine: feel.Engine = feel.Engine()
expression: feel.Expression = engine.compile("a + 1", ["a"])
result: feel.Result = expression.evaluate_result({"a": 1})
warnings: list[str] = [str(warning) for warning in result.warnings]
value: object = feel.to_python(result.value)
tests: feel.UnaryTests = feel.compile_unary_tests("< 10")
print(feel.__version__, value, warnings, tests.test(Decimal(5)))
"""


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A virtual environment (seeing this machine's packages) with the built wheel
    installed, as a user would have it: mypy then reads `feel` as an installed, typed
    package, not as source files of the project."""
    pytest.importorskip("mypy", reason="mypy is in the test extra: pip install -e '.[test]'")
    folder = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip",
                    str(folder)], check=True, capture_output=True)  # fmt: skip
    python = folder / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "-q", wheel.filename], check=True, capture_output=True)  # fmt: skip
    return python


def run_mypy_strict(python: Path, script: Path) -> subprocess.CompletedProcess:
    """``mypy --strict script`` against the packages of ``python``, outside the tree."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-executable",
         str(python), "--cache-dir", str(script.parent / "cache"), str(script)],
        capture_output=True, text=True, cwd=script.parent, timeout=600,
    )  # fmt: skip


def test_the_installed_wheel_is_the_one_mypy_reads(installed, tmp_path):
    where = subprocess.run([str(installed), "-c", "import feel; print(feel.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True)  # fmt: skip
    assert str(installed.parent.parent) in where.stdout


def test_a_typed_user_script_passes_mypy_strict(installed, tmp_path):
    script = tmp_path / "user_script.py"
    script.write_text(TYPED_SCRIPT)
    completed = run_mypy_strict(installed, script)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Success" in completed.stdout


def test_mypy_strict_catches_a_wrong_use(installed, tmp_path):
    """The typing test can fail: a script that misuses the API is refused."""
    script = tmp_path / "wrong.py"
    script.write_text(
        "import feel\n\nnumber: int = feel.compile('1').evaluate_result({}).warnings\n"
    )
    completed = run_mypy_strict(installed, script)
    assert completed.returncode == 1 and "Incompatible types in assignment" in completed.stdout
