"""Where the shipped folders (`cypher/`, `seeds/`) are, in a checkout and in an installed wheel."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).parent


def resource_dir(name: str) -> Path:
    installed = _PACKAGE / name  # a wheel maps the top-level folder into the package
    return installed if installed.is_dir() else _PACKAGE.parent / name


def demo_bundle() -> Path:
    return resource_dir("seeds") / "demo"
