"""The example app client in examples/ works against a running server."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories.conditions import ConditionPageFactory

# The live server needs committed data; restore what migrations created after each test.
pytestmark = [
    pytest.mark.processes,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLIENT = Path(__file__).resolve().parents[1] / "examples" / "conditions_client.py"


def test_example_client_lists_conditions_and_prints_symptoms(live_server, condition_index):
    for title in ["Osteosarcoma", "Bone metastases"]:
        ConditionPageFactory(
            parent=condition_index, title=title, slug=title.lower().replace(" ", "-")
        )

    result = subprocess.run(
        [sys.executable, str(CLIENT), live_server.url, "bone-metastases"],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2 conditions:"
    assert lines[1].startswith("  Bone metastases: ")
    assert lines[2].startswith("  Osteosarcoma: ")
    assert "Symptoms of bone metastases:" in result.stdout
    assert "  - Bone pain: Often worse at night." in lines
    assert "  ! Get urgent help: Sudden weakness in the legs" in lines


def test_example_client_reports_an_unknown_condition(live_server, condition_index):
    ConditionPageFactory(parent=condition_index, title="Osteosarcoma", slug="osteosarcoma")
    result = subprocess.run(
        [sys.executable, str(CLIENT), live_server.url, "no-such-condition"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "No live condition with the slug 'no-such-condition'" in result.stderr
