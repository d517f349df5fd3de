"""Shared helpers of the Python module's tests (run by ctest as the `python` label, or
``PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python -q``)."""

from __future__ import annotations

import json
import pathlib
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
PYTHON_FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"

# Without PYTHONPATH (pytest run by hand from the repository root) use the build tree's package.
if not any(pathlib.Path(p).resolve() == REPO / "build" / "python" for p in sys.path if p):
    sys.path.insert(0, str(REPO / "build" / "python"))


def read_lines(path: pathlib.Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def sacrebleu_cli_rows() -> list[dict]:
    """tests/fixtures/sacrebleu_cli: hyp.txt with the references ref1.txt and ref2.txt, as rows."""
    d = FIXTURES / "sacrebleu_cli"
    hyps, r1, r2 = read_lines(d / "hyp.txt"), read_lines(d / "ref1.txt"), read_lines(d / "ref2.txt")
    return [{"candidate": h, "references": [a, b]} for h, a, b in zip(hyps, r1, r2)]


@pytest.fixture(scope="session")
def trainer_calls() -> dict:
    """The argument shapes RL trainers pass to reward functions (tests/python/fixtures/rl_trainer_calls.json)."""
    return json.loads((PYTHON_FIXTURES / "rl_trainer_calls.json").read_text(encoding="utf-8"))


def translation_rows(copies: int = 10) -> list[dict]:
    """examples/translation: both systems against references A and B, `copies` times with every copy's
    candidates rotated by one more word, so that the rows differ (deterministic)."""
    d = REPO / "examples" / "translation"
    refs_a, refs_b = read_lines(d / "ref.A.de"), read_lines(d / "ref.B.de")
    rows = []
    for c in range(copies):
        for system in ("system-1", "system-2"):
            for i, (hyp, a, b) in enumerate(zip(read_lines(d / f"{system}.de"), refs_a, refs_b)):
                words = hyp.split()
                k = c % max(len(words), 1)
                rows.append(
                    {"candidate": " ".join(words[k:] + words[:k]), "references": [a, b], "system": system, "id": i}
                )
    return rows
