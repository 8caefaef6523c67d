"""`orggraph generate`: the CLI writes the generator's bundle, which loads through the bulk path."""
from __future__ import annotations

import filecmp

from click.testing import CliRunner

from orggraph.cli import main
from orggraph.load import fast_check
from orggraph.load.bundle import open_bundle
from orggraph.resources import demo_bundle


def _same_tree(a, b) -> bool:
    compared = filecmp.dircmp(a, b)
    if compared.left_only or compared.right_only or compared.diff_files or compared.funny_files:
        return False
    return all(_same_tree(a / sub, b / sub) for sub in compared.common_dirs)


def test_the_county_scale_is_the_demo_county_byte_for_byte(tmp_path):
    out = tmp_path / "county"
    result = CliRunner().invoke(main, ["generate", "--scale", "county", "--seed", "7", "-o",
                                       str(out)])
    assert result.exit_code == 0, result.output
    assert "节点5,308个、关系9,280条" in result.output
    assert _same_tree(out, demo_bundle())
    tables, problems = open_bundle(out)
    assert not problems
    assert fast_check.batches(out, tables, lambda ids: {}, 5000, as_arrow=True) is not None


def test_another_seed_gives_another_bundle(tmp_path):
    for seed in ("7", "8"):
        assert CliRunner().invoke(main, ["generate", "--seed", seed, "-o",
                                         str(tmp_path / seed)]).exit_code == 0
    assert not _same_tree(tmp_path / "7", tmp_path / "8")


def test_a_folder_with_other_files_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["generate", "-o", str(tmp_path)])
    assert result.exit_code != 0
    assert "notes.txt" in result.output
    assert not (tmp_path / "nodes").exists()
