"""When `make train` retrains: asked of make itself (`make -q`) in a copy of the Makefile
with stand-in training files, so nothing is trained here."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STAND_INS = [
    "config.yml",
    "domain.yml",
    "bot/locales/languages.yml",
    "bot/data/nlu/en.yml",
    "bot/data/nlu/es.yml",
    "bot/nlu/intent_model.py",
    "bot/language/supported.py",
    "bot/language/chat_model.py",
    "pyproject.toml",
    "constraints.txt",
    ".venv/.installed",
]


def up_to_date(folder: Path) -> bool:
    """make's own answer: -q runs nothing and exits 0 when the model is up to date."""
    done = subprocess.run(["make", "-q", "models/bot.tar.gz"], cwd=folder, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode == 0


def date(path: Path, seconds_ago: float) -> None:
    moment = time.time() - seconds_ago
    os.utime(path, (moment, moment))


def train(folder: Path) -> None:
    """Stands in for a training run: the model file, dated after everything it depends on
    (the list of training files included, which make wrote when it last read the Makefile)."""
    model = folder / "models" / "bot.tar.gz"
    model.parent.mkdir(exist_ok=True)
    model.touch()
    date(model, 500)
    listed = folder / "models" / ".training-files"
    if listed.exists():
        date(listed, 600)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for name in STAND_INS:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("stand-in\n", encoding="utf-8")
        date(path, 10_000)
    return tmp_path


def test_a_trained_model_is_up_to_date_until_a_training_file_changes(project):
    assert not up_to_date(project)
    train(project)
    assert up_to_date(project)
    assert up_to_date(project)  # asking again rewrites nothing
    date(project / "bot/data/nlu/es.yml", 100)
    assert not up_to_date(project)


def test_removing_a_training_file_retrains(project):
    up_to_date(project)  # make reads the Makefile: the list of training files is written
    train(project)
    assert up_to_date(project)
    (project / "bot/data/nlu/es.yml").unlink()
    assert not up_to_date(project)
    train(project)
    assert up_to_date(project)


def test_adding_a_training_file_retrains(project):
    up_to_date(project)  # make reads the Makefile: the list of training files is written
    train(project)
    new = project / "bot/data/nlu/fr.yml"
    new.write_text("stand-in\n", encoding="utf-8")
    date(new, 10_000)  # a file copied in can keep an old date
    assert not up_to_date(project)
