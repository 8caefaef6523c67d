"""Running the command line in-process, as a user would type it."""
from __future__ import annotations

from click.testing import CliRunner, Result

from orggraph.cli import main


def run(*args: str, ok: bool | None = True) -> Result:
    """`orggraph ARGS`. ok=True: it must succeed; ok=False: it must fail (a non-zero exit, no
    traceback); ok=None: either. An exception escaping the command fails the test as itself."""
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    if ok is True:
        assert result.exit_code == 0, result.output
    elif ok is False:
        assert result.exit_code != 0, result.output
        assert "Traceback" not in result.output
    return result
