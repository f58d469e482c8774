"""`rasa test core` on the test stories in tests/stories, failing on any prediction error."""

import subprocess
import sys
from pathlib import Path

import pytest

from bot.devstack import environment

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[2]


def test_every_test_story_is_followed_exactly(model_path, tmp_path):
    rasa = str(Path(sys.executable).parent / "rasa")
    result = subprocess.run(
        [rasa, "test", "core", "--model", str(model_path), "--stories", str(ROOT / "tests" / "stories"),
         "--fail-on-prediction-errors", "--out", str(tmp_path), "--endpoints", str(ROOT / "endpoints.yml")],
        cwd=ROOT, env=environment("sqlite://"), capture_output=True, text=True, timeout=600,
    )
    failed = (tmp_path / "failed_test_stories.yml")
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}\n{details[-4000:]}"
    assert "None of the test stories failed" in details or not details.strip() or "stories: []" in details
