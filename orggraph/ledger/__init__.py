"""Importing a department's own 台账 workbook as it is, through a mapping file, into a bundle.

    suggest(workbook)              → a proposed Mapping and the columns left unmapped
    read_mapping(path)             → the Mapping a user edited
    make_plan(workbook, mapping)   → what would be written, dropped rows, problems
    write_bundle(plan, folder)     → the bundle (nodes/ and rels/), for `orggraph load`
"""
from .mapping import Mapping, mapping_text, read_mapping
from .plan import Plan, make_plan
from .problems import LedgerError, LedgerProblem
from .suggest import suggest
from .write import write_bundle

__all__ = ["LedgerError", "LedgerProblem", "Mapping", "Plan", "make_plan", "mapping_text",
           "read_mapping", "suggest", "write_bundle"]
