"""A Python script run as its own process against this checkout, and killed part-way."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def python(script: str, *args: str) -> subprocess.Popen:
    """`python -c SCRIPT ARGS` with this checkout importable; text pipes for its output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def sigkill_after_lines(process: subprocess.Popen, lines: int, timeout: float) -> list[str]:
    """SIGKILL `process` once it has printed `lines` lines (a loader prints one per batch, so
    several batches are inside its open transaction); the lines it printed. Fails the test if
    it finished first or said DONE."""
    seen = []
    for line in process.stdout:
        seen.append(line)
        if len(seen) == lines:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=timeout)
    assert process.returncode == -signal.SIGKILL, "the load finished before it could be killed"
    assert not any("DONE" in line for line in seen)
    return seen
