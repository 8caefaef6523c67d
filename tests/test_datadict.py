"""docs/DATA_MODEL.md is generated from the model: it must match what the model says today."""
from __future__ import annotations

from pathlib import Path

from orggraph import datadict, model, vocabulary

DICTIONARY = Path(__file__).resolve().parent.parent / "docs" / "DATA_MODEL.md"


def test_the_data_dictionary_in_the_repository_is_the_generated_one():
    assert DICTIONARY.read_text(encoding="utf-8") == datadict.render(), \
        "docs/DATA_MODEL.md differs from the model: run `orggraph dictionary -o docs/DATA_MODEL.md`"


def test_the_dictionary_names_every_label_type_column_and_enum_value():
    text = datadict.render()
    for schema in (*model.LABELS, *model.REL_TYPES):
        assert f"· `{schema.name}`" in text
        for prop in schema.props:
            assert f"| `{prop.name}` | {vocabulary.term(schema.name, prop.name).zh} |" in text
            for value in prop.enum:
                assert f"`{value}` {vocabulary.enum_zh(schema.name, prop.name, value)}" in text
