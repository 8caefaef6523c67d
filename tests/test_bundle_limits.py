"""Spreadsheet bombs and oversize cells: refused before they cost memory, the graph untouched.

Each bomb is built here, small on disk, from the tiny bundle's workbook with one part
replaced; `orggraph load` runs in a child process whose peak memory is measured."""
from __future__ import annotations

import json
import os
import random
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from orggraph.load.bundle import BundleError, open_bundle
from orggraph.load.load import load_bundle
from orggraph.store import open_store
from orggraph.load.validate import check
from orggraph.load.workbook_check import MAX_CELL_CHARS, WorkbookLimits
from support.files import bundle_to_xlsx, copy_bundle, read_csv, snapshot

PEAK_MB = 500
SHEET = "xl/worksheets/sheet1.xml"  # the first sheet of the tiny workbook
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


# -- writing a zip archive whose big part is made of one compressed block repeated ----------

class _Part:
    """A part's deflate stream: `head`, then `block` repeated `times`, then `tail`, each
    compressed once and flushed (Z_FULL_FLUSH) so the compressed bytes can be repeated."""

    def __init__(self, head: bytes, block: bytes = b"", times: int = 0, tail: bytes = b""):
        deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.chunks = [deflate.compress(head) + deflate.flush(zlib.Z_FULL_FLUSH)]
        repeated = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
        self.chunks += [repeated] * times
        self.chunks.append(deflate.compress(tail) + deflate.flush())
        self.size = len(head) + len(block) * times + len(tail)
        crc = zlib.crc32(head)
        for _ in range(times):
            crc = zlib.crc32(block, crc)
        self.crc = zlib.crc32(tail, crc)
        self.compressed = sum(len(c) for c in self.chunks)


def _write_zip(path: Path, parts: dict[str, _Part]) -> Path:
    central, offset = [], 0
    with open(path, "wb") as out:
        for name, part in parts.items():
            raw = name.encode()
            fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, part.crc, part.compressed,
                                 part.size)
            out.write(b"PK\x03\x04" + fields + struct.pack("<HH", len(raw), 0) + raw)
            for chunk in part.chunks:
                out.write(chunk)
            central.append(b"PK\x01\x02" + struct.pack("<H", 20) + fields
                           + struct.pack("<HHHHHII", len(raw), 0, 0, 0, 0, 0, offset) + raw)
            offset += 30 + len(raw) + part.compressed
        directory = b"".join(central)
        out.write(directory)
        out.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(central), len(central),
                                                len(directory), offset, 0))
    return path


@pytest.fixture(scope="module")
def tiny_parts(tmp_path_factory) -> dict[str, _Part]:
    import zipfile

    book = bundle_to_xlsx(Path(__file__).parent / "bundles" / "tiny",
                          tmp_path_factory.mktemp("book") / "tiny.xlsx")
    with zipfile.ZipFile(book) as archive:
        names = archive.namelist()
        assert SHEET in names
        return {name: _Part(archive.read(name)) for name in names}


def _bomb(tiny_parts, path: Path, replaced: dict[str, _Part]) -> Path:
    parts = dict(tiny_parts)
    for name, part in replaced.items():
        parts[name] = part
    if "xl/sharedStrings.xml" in replaced:  # declare the part so openpyxl reads it
        types = parts["[Content_Types].xml"]
        parts["[Content_Types].xml"] = _Part(_unpacked(types).replace(
            b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
        rels = parts["xl/_rels/workbook.xml.rels"]
        parts["xl/_rels/workbook.xml.rels"] = _Part(_unpacked(rels).replace(
            b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats'
            b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            b"</Relationships>"))
    return _write_zip(path, parts)


def _unpacked(part: _Part) -> bytes:
    return zlib.decompress(b"".join(part.chunks), -15)


def _sheet(rows: bytes = b"", dimension: bytes = b"", *, block: bytes = b"", times: int = 0) -> _Part:
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + _NS.encode() + b">"
            + dimension + b"<sheetData>"
            + b'<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c>'
              b'<c r="B1" t="inlineStr"><is><t>name</t></is></c></row>' + rows)
    return _Part(head, block, times, b"</sheetData></worksheet>")


def _shared_strings(text_block: bytes, times: int, head_text: bytes = b"") -> _Part:
    head = (b'<?xml version="1.0" encoding="UTF-8"?><sst ' + _NS.encode()
            + b' count="1" uniqueCount="1"><si><t>' + head_text)
    return _Part(head, text_block, times, b"</t></si></sst>")


def _random_letters(n: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                 for _ in range(n))


BOMBS = {
    # the issue's: 1.8 MB on disk, 1.26 GB of empty rows
    "empty rows": lambda: {SHEET: _sheet(block=b"<row/>" * 65_536, times=3_206)},
    # the same kind, small enough for the size limit: the compression ratio gives it away
    "empty rows, under the size limit": lambda: {SHEET: _sheet(block=b"<row/>" * 4096,
                                                               times=2_000)},
    # 1.6 KB declaring every cell a sheet can have
    "declared dimensions": lambda: {SHEET: _sheet(dimension=b'<dimension ref="A1:XFD1048576"/>')},
    # 300 MiB in one shared string
    "one huge shared string": lambda: {"xl/sharedStrings.xml": _shared_strings(
        b"x" * 65_536, 4_800)},
    # a shared string just over the cell limit that does not compress (no ratio to see)
    "a long shared string": lambda: {"xl/sharedStrings.xml": _shared_strings(
        _random_letters(MAX_CELL_CHARS + 10), 1)},
    # the billion laughs
    "XML entities": lambda: {"xl/sharedStrings.xml": _Part(
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10)
                   for i in range(8))
        + b"]><sst " + _NS.encode() + b"><si><t>&i;</t></si></sst>")},
    # an inline cell just over the cell limit, which does not compress
    "a long inline cell": lambda: {SHEET: _sheet(
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>R-x</t></is></c><c r="B2" t="inlineStr">'
        b"<is><t>" + _random_letters(MAX_CELL_CHARS + 10) + b"</t></is></c></row>")},
}
EXPECTED = {
    "empty rows": "tiny.xlsx[Enterprise]：未读取即拒绝：解压后为1,202.3 MiB，超过单个部件"
                  "1,024.0 MiB的上限",
    "empty rows, under the size limit": "tiny.xlsx[Enterprise]：未读取即拒绝：由",
    "declared dimensions": "tiny.xlsx[Enterprise]：未读取即拒绝：声明有16,384列"
                           "（至 XFD1048576），台账包工作表最多1,000列",
    "one huge shared string": "tiny.xlsx（xl/sharedStrings.xml）：未读取即拒绝：由",
    "a long shared string": "tiny.xlsx（共享字符串）：未读取即拒绝：第1个共享字符串超过每格"
                            "1,000,000个字符的上限",
    "XML entities": "tiny.xlsx（共享字符串）：未读取即拒绝：声明了 DTD",
    "a long inline cell": "tiny.xlsx[Enterprise]，第2行，B列：有单元格长1,000,010个字符，"
                          "超过每格1,000,000个字符的上限",
}

# Runs `orggraph` and reports its exit code, output and peak memory (its own process only).
MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"code": done.returncode, "out": done.stdout + done.stderr, "peak_mb": peak}))
"""


def _orggraph(*args: str, timeout: int = 300) -> dict:
    command = [sys.executable, "-m", "orggraph", *args]
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True,
                          text=True, timeout=timeout,
                          env={**os.environ, "COLUMNS": "200", "ORGGRAPH_VERBOSE": ""})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("kind", list(BOMBS))
def test_a_spreadsheet_bomb_is_refused_with_little_memory(kind, tiny_parts, db, tiny_bundle,
                                                          tmp_path):
    loaded = _orggraph("--db", db, "load", str(tiny_bundle))
    assert loaded["code"] == 0, loaded["out"]
    with open_store(db) as store:
        before = snapshot(store)
    started = time.monotonic()
    bomb = _bomb(tiny_parts, tmp_path / "tiny.xlsx", BOMBS[kind]())
    assert bomb.stat().st_size < 3 << 20  # small on disk
    result = _orggraph("--db", db, "load", str(bomb))
    assert result["code"] != 0
    assert EXPECTED[kind] in result["out"], result["out"]
    assert "未写入任何内容" in result["out"] and "Traceback" not in result["out"]
    assert result["peak_mb"] < PEAK_MB, result
    assert time.monotonic() - started < 120
    with open_store(db) as store:
        assert snapshot(store) == before


def test_rows_and_columns_are_counted_as_they_are_read(tiny_parts, tmp_path):
    """The untouched tiny workbook passes; a sheet that declares no dimensions is held to the
    same limits (set low here) row by row, and refused at the row that passes them."""
    book = _bomb(tiny_parts, tmp_path / "tiny.xlsx", {})
    tables, problems = open_bundle(book)
    assert problems == [] and len(tables) == 12
    assert check(tables, lambda ids: {})[1] == []
    assert open_bundle(book, WorkbookLimits(rows=2))[1][0].message.endswith(
        "声明有3行，工作表最多2行")
    row = b'<row><c t="inlineStr"><is><t>E-%d</t></is></c><c t="inlineStr"><is><t>x</t></is></c></row>'
    undeclared = _bomb(tiny_parts, tmp_path / "rows.xlsx",
                       {SHEET: _sheet(b"".join(row % i for i in range(7)))})
    tables, problems = open_bundle(undeclared, WorkbookLimits(rows=6))  # tiny: 6 rows at most
    assert problems == []
    found = [str(p) for p in check(tables, lambda ids: {})[1]]
    assert "rows.xlsx[Enterprise]，第7行：超过6行，超出一张工作表的上限" in found
    wide = _bomb(tiny_parts, tmp_path / "wide.xlsx", {SHEET: _sheet(
        b"<row>" + b"<c><v>1</v></c>" * 30 + b"</row>")})
    tables, problems = open_bundle(wide, WorkbookLimits(columns=20))  # tiny's sheets: fewer
    assert problems == []
    found = [str(p) for p in check(tables, lambda ids: {})[1]]
    assert "wide.xlsx[Enterprise]，第2行：有30列，超过台账包工作表20列的上限" \
        in found, found


# -- the CSV cell limit, on both reading paths ---------------------------------------------

@pytest.mark.parametrize("quoted", [False, True])
def test_a_csv_cell_over_the_limit_is_refused_on_both_paths(db, tiny_bundle, tmp_path, quoted):
    """The issue's case: an unquoted 3 MiB cell (a clean file otherwise, so the column by
    column path reads it) loaded; the row path refuses anything over the cell limit."""
    bundle = copy_bundle(tiny_bundle, tmp_path / "b")
    path = bundle / "nodes" / "Enterprise.csv"
    rows = read_csv(path)
    rows[1][1] = ("\"x,\"\"" if quoted else "") + "x" * (3 << 20) + ("\"" if quoted else "")
    # "\n" line ends and (unquoted) no quote at all: the column by column path reads the file
    path.write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    assert (b'"' in path.read_bytes()) == quoted and b"\r" not in path.read_bytes()
    with open_store(db) as store:
        before = snapshot(store)
        with pytest.raises(BundleError) as raised:
            load_bundle(store, bundle)
        assert [str(p) for p in raised.value.problems] == [
            "nodes/Enterprise.csv，第2行：有单元格超过每格1,000,000个字符的上限"]
        assert snapshot(store) == before


# -- links out of the bundle, and what a header error may repeat ---------------------------

SECRET = "root:$6$Zx9saltsalt$hashhashhash:19000:0:99999:7:::"


def test_links_out_of_the_bundle_are_refused_and_never_read(db, tiny_bundle, tmp_path):
    secret = tmp_path / "shadow"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    bundle = copy_bundle(tiny_bundle, tmp_path / "b")
    (bundle / "nodes" / "Region.csv").unlink()
    (bundle / "nodes" / "Region.csv").symlink_to(secret)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "CONTAINS.csv").write_text(SECRET + "\n", encoding="utf-8")
    (bundle / "rels" / "CONTAINS.csv").symlink_to(outside / "CONTAINS.csv")
    with open_store(db) as store:
        before = snapshot(store)
        with pytest.raises(BundleError) as raised:
            load_bundle(store, bundle)
        assert snapshot(store) == before
    shown = [str(p) for p in raised.value.problems]
    assert ("nodes/Region.csv：是指向台账包文件夹以外的符号链接，请把文件本身复制到台账包中"
            ) in shown
    assert any(s.startswith("rels/CONTAINS.csv：是指向台账包文件夹以外的符号链接") for s in shown), shown
    assert not any("root" in s or "Zx9" in s for s in shown), shown


def test_a_linked_folder_out_of_the_bundle_is_refused(tiny_bundle, tmp_path):
    bundle = copy_bundle(tiny_bundle, tmp_path / "b")
    (bundle / "rels").rename(tmp_path / "rels-elsewhere")
    (bundle / "rels").symlink_to(tmp_path / "rels-elsewhere")
    _, problems = open_bundle(bundle)
    assert [str(p) for p in problems] == [
        "rels/：是指向台账包文件夹以外的符号链接，请把文件本身复制到台账包中"]


def test_a_header_error_repeats_column_names_only(tiny_bundle, tmp_path):
    bundle = copy_bundle(tiny_bundle, tmp_path / "b")
    path = bundle / "nodes" / "Region.csv"
    rows = read_csv(path)
    path.write_text(SECRET + "\n" + "".join(",".join(r) + "\n" for r in rows[1:]),
                    encoding="utf-8")
    rows = read_csv(bundle / "nodes" / "Person.csv")
    rows[0][1] = "备注栏"  # a real (unknown) column name is still shown
    rows[0][2] = "x" * 41
    (bundle / "nodes" / "Person.csv").write_text(
        "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    tables, _ = open_bundle(bundle)
    shown = [str(p) for p in check(tables, lambda ids: {})[1]]
    assert "nodes/Region.csv，第1行：表头应以 id 开头；实为 （不是列名）" \
        in shown, shown
    assert any("B列（备注栏）：Person 没有这一列" in s for s in shown), shown
    assert any("C列（不是列名）：Person 没有这一列" in s for s in shown), shown
    assert not any("Zx9" in s or "xxxxxxxxxx" in s for s in shown), shown
