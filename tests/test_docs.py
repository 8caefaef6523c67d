"""Every command is documented, and every example the documentation shows runs on the demo county
and prints something: each `orggraph …` line of the README's bash blocks and each `示例：` of a
command's --help is run against the demo database (embedded store); an error, a traceback, an
empty output or an empty result ("共0条") fails it."""
from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from orggraph.cli import main
from orggraph.history.demo_quarter import write_second_quarter
from orggraph.load.load import load_bundle
from orggraph.output import EMPTY
from orggraph.store import open_store
from support.files import bundle_to_xlsx

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DEMO = ROOT / "seeds" / "demo"

# Examples the test cannot run, each with the reason. Nothing else is skipped.
NOT_RUN = {
    "orggraph generate --scale city --seed 7 -o city": "minutes of writing; benchmarks/ runs it",
    "orggraph generate --scale province -o province": "minutes and GBs; benchmarks/ runs it",
}
# Files the README's examples name as the user's own: made here from the demo county.
USER_FILES = {
    "county.xlsx": lambda path: bundle_to_xlsx(DEMO, path),
    "台账.xlsx": lambda path: shutil.copy(ROOT / "seeds" / "demo-ledger" / "青溪县党建台账.xlsx", path),
    # The quarter-over-quarter section: the demo county, then its second quarter (as the demo).
    "台账-2025Q2/": lambda path: shutil.copytree(DEMO, path),
    "台账-2025Q3/": lambda path: write_second_quarter(DEMO, path),
    "my_question.cypher": lambda path: path.write_text(
        "MATCH (c:IndustryChain) RETURN c.id AS id, c.name AS name ORDER BY id", encoding="utf-8"),
}


def _commands(line: str) -> list[str]:
    """The orggraph commands of a shell line (`a && b`), without the trailing comment."""
    words = shlex.split(line, comments=True)
    commands, current = [], []
    for word in words + ["&&"]:
        if word == "&&":
            if current and current[0] == "orggraph":
                commands.append(shlex.join(current))
            current = []
        else:
            current.append(word)
    return commands


def readme_examples() -> list[tuple[str, ...]]:
    """The orggraph commands of each bash block, in order: a block is run as a reader would,
    line after line in one folder."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", README, re.S):
        if "docker compose" in block:   # the Neo4j server's own setup: needs a running server
            continue
        commands = [c for line in block.splitlines() if line.startswith("orggraph ")
                    for c in _commands(line)]
        if commands:
            found.append(tuple(commands))
    return found


def help_examples() -> list[tuple[str, ...]]:
    return [tuple(_commands(example)) for name, command in sorted(main.commands.items())
            for example in re.findall(r"示例：\s*(orggraph [^\n]+)", command.help or "")]


EXAMPLES = readme_examples() + help_examples()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("demo") / "demo.lbug")
    with open_store(path) as store:
        load_bundle(store, DEMO)
    return path


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_in_the_readme_and_has_help_with_an_example(name):
    assert f"orggraph {name}" in README, f"the README never shows `orggraph {name}`"
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0 and main.commands[name].help, name
    assert re.search(rf"示例：\s*orggraph {name}", result.output), \
        f"`orggraph {name} --help` shows no example"


def test_the_examples_are_found():
    commands = [c for example in EXAMPLES for c in example]
    assert len(commands) >= 40 and len(help_examples()) >= len(main.commands)
    assert "orggraph coverage --summary" in commands


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e[0][:60])
def test_every_example_runs_on_the_demo_and_prints_something(example, demo_db, tmp_path,
                                                             monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    ran = [_run_example(command, demo_db, tmp_path) for command in example
           if command not in NOT_RUN]
    assert ran or all(c in NOT_RUN for c in example)


def _run_example(example: str, demo_db: str, tmp_path: Path) -> None:
    args = shlex.split(example)[1:]
    for name, make in USER_FILES.items():
        if name in args and not (tmp_path / name).exists():
            make(tmp_path / name)
    written = _written(args, tmp_path)
    if written is not None:   # a folder of the repository (docs/) as in a checkout
        written.parent.mkdir(parents=True, exist_ok=True)
    result = CliRunner().invoke(main, args, env={"ORGGRAPH_DB": demo_db})
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{example}: {result.exception!r}"
    assert result.exit_code == 0, f"{example}\n{result.output}"
    assert "Traceback" not in result.output
    if written is None:
        assert result.stdout.strip(), f"{example} printed nothing"
        assert EMPTY not in result.stdout, f"{example} found no rows on the demo county"
    else:
        assert written.exists() and (written.is_dir() and any(written.iterdir())
                                     or written.is_file() and written.stat().st_size > 0), example
    return example


def _written(args: list[str], cwd: Path) -> Path | None:
    """What the example writes (its -o), if it writes a file or folder instead of printing."""
    for flag in ("-o", "--output"):
        if flag in args:
            return cwd / args[args.index(flag) + 1]
    if args and args[0] == "render":   # the map's default file name
        return cwd / f"orggraph-{args[1]}.html"
    return None


def test_the_readme_opens_with_the_two_commands_ci_runs():
    blocks = README.split("```bash\n")
    assert blocks[1].split("```")[0].strip().endswith("orggraph demo")
    test_command = blocks[2].split("```")[0].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci
