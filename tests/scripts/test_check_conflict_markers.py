"""`make lint` fails on leftover merge-conflict markers in any tracked file."""

import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check-conflict-markers"
# Built here, so this file itself holds no marker line.
OURS, BASE, SPLIT, THEIRS = "<" * 7, "|" * 7, "=" * 7, ">" * 7

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def run(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([SCRIPT], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture
def repo(tmp_path) -> Path:
    subprocess.run(["git", "init", "--quiet"], cwd=tmp_path, check=True)
    return tmp_path


def track(repo: Path, name: str, text: str) -> None:
    (repo / name).write_text(text)
    subprocess.run(["git", "add", name], cwd=repo, check=True)


def test_a_clean_tree_passes(repo):
    track(repo, "steady.css", ".narrow { max-width: 40rem; }\n/* ==== A heading ==== */\n")
    track(repo, "notes.md", "Title\n=====\n\nSome text == more text.\n")
    assert run(repo).returncode == 0


@pytest.mark.parametrize(
    "text",
    [
        f".lead {{ color: red; }}\n{SPLIT}\n.narrow {{ max-width: 40rem; }}\n",
        f"{OURS} HEAD\na = 1\n{SPLIT}\na = 2\n{THEIRS} feature\n",
        f"{OURS} HEAD\na = 1\n{BASE} base\na = 0\n",
    ],
    ids=["a lone divider in a stylesheet", "a whole conflict", "a diff3 base section"],
)
def test_a_leftover_marker_fails_and_names_the_line(repo, text):
    track(repo, "steady.css", text)
    result = run(repo)
    assert result.returncode == 1
    assert "steady.css:" in result.stdout
    assert "merge-conflict markers" in result.stderr


def test_untracked_files_are_not_checked(repo):
    track(repo, "kept.txt", "fine\n")
    (repo / "scratch.txt").write_text(f"{SPLIT}\n")
    assert run(repo).returncode == 0


def test_this_project_has_none():
    assert run(SCRIPT.parents[1]).returncode == 0
