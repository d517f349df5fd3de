"""Every ```python block of README.md's Python section runs (the Ray snippet only where ray is installed)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys

import pytest

from conftest import REPO


def python_blocks() -> list[tuple[int, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## Python\n")
    end = text.index("\n## ", start + 1)
    blocks = []
    for m in re.finditer(r"```python\n(.*?)```", text[start:end], flags=re.S):
        line = text[: start + m.start()].count("\n") + 1
        blocks.append((line, m.group(1)))
    return blocks


@pytest.mark.parametrize("line,code", python_blocks(), ids=lambda v: f"README.md:{v}" if isinstance(v, int) else "")
def test_readme_python_block_runs(line: int, code: str, tmp_path):
    if "import ray" in code and importlib.util.find_spec("ray") is None:
        pytest.skip("ray is not installed")
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "build" / "python"), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"README.md:{line}:\n{done.stdout}\n{done.stderr}"
