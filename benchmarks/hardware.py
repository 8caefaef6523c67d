"""What machine a benchmark ran on, written beside its numbers (shared by every benchmark)."""
from __future__ import annotations

import platform
import re
import subprocess


def cpu() -> str:
    """The processor model and how many CPUs the system has, e.g. "AMD EPYC, 2 CPU(s)"."""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        fields = dict(re.findall(r"^([^:]+):\s*(.+)$", lscpu, re.M))
        return f"{fields.get('Model name', '?')}, {fields.get('CPU(s)', '?')} CPU(s)"
    except (OSError, subprocess.CalledProcessError):
        return platform.processor() or "?"


def system() -> str:
    return f"{platform.system()} {platform.release()}"
