"""Two quarters of the tiny bundle, for the tests of replace loads, snapshots and --since."""
from __future__ import annotations

from pathlib import Path

from support.files import copy_bundle, read_csv, write_csv


def _drop_rows(path: Path, first_cell: str) -> None:
    write_csv(path, [row for row in read_csv(path) if row[0] != first_cell])


def quarter_two(tiny: Path, folder: Path) -> Path:
    """Tiny, a quarter later: grid R-G1 gone, R-V1 has more households, a new village R-V3, the
    O-V1→O-V2 pair dropped and an active O-V2→O-T1 pair added; no SUPPLIES file at all."""
    q2 = copy_bundle(tiny, folder)
    regions = read_csv(q2 / "nodes" / "Region.csv")
    header = regions[0]
    regions = [r for r in regions if r[0] != "R-G1"]
    for row in regions:
        if row[0] == "R-V1":
            row[header.index("households")] = "333"
    new = dict.fromkeys(header, "") | {"id": "R-V3", "name": "南湾村", "kind": "village"}
    write_csv(q2 / "nodes" / "Region.csv", regions + [[new[h] for h in header]])
    _drop_rows(q2 / "rels" / "PART_OF.csv", "R-G1")
    write_csv(q2 / "rels" / "CO_BUILDS.csv", [["from", "to", "mode", "since", "status"],
                                              ["O-V2", "O-T1", "strong_weak", "2026", ""]])
    (q2 / "rels" / "SUPPLIES.csv").unlink()
    return q2
