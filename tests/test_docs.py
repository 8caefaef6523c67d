"""Every command is documented: it has --help with an example, and the README shows it in use."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from orggraph.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_in_the_readme_and_has_help(name):
    assert f"orggraph {name}" in README, f"the README never shows `orggraph {name}`"
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0 and main.commands[name].help, name
    assert f"Example: orggraph {name}" in " ".join(result.output.split()), \
        f"`orggraph {name} --help` shows no example"


def test_the_readme_opens_with_the_two_commands_ci_runs():
    blocks = README.split("```bash\n")
    assert blocks[1].split("```")[0].strip().endswith("orggraph demo")
    test_command = blocks[2].split("```")[0].strip()
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci
