"""The benchmark script stays runnable (tests time nothing: ``make bench`` measures)."""

import subprocess
import sys

from tests.conftest import ROOT


def test_the_benchmark_runs_at_a_tiny_size_and_prints_its_table():
    result = subprocess.run([sys.executable, "scripts/benchmark.py", "--scale", "tiny"], cwd=ROOT, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("|")]
    assert lines[0] == "| what | measured | goal | ratio | status |"
    assert any(line.startswith("| SQLite: a read during an open write |") for line in lines)
    assert len(lines) == 26  # header, rule, 24 goals
