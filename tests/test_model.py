import re

from orggraph import model
from orggraph.store.embedded import schema_ddl

CONTRACT_LABELS = {"Region", "OrgUnit", "Person", "Enterprise", "IndustryChain"}
CONTRACT_TYPES = {"PART_OF", "MEMBER_OF", "LEADS", "CO_BUILDS", "BASED_IN", "LOCATED_IN",
                  "SUPPLIES", "STATIONED_IN", "REPORTS_TO", "CONTACTS", "WORKS_AT"}


def test_the_contract_names_are_all_declared():
    assert CONTRACT_LABELS <= set(model.LABEL_BY_NAME)
    assert CONTRACT_TYPES <= set(model.REL_BY_NAME)


def test_every_label_requires_id_and_name_and_kind_where_it_has_one():
    for label in model.LABELS:
        required = {p.name for p in label.props if p.required}
        expected = {"id", "name"} | ({"kind"} if label.prop("kind") else set())
        assert required == expected, label.name


def test_endpoints_name_declared_labels_and_only_on_pairs_are_endpoints():
    for rel in model.REL_TYPES:
        for a, b in rel.endpoints:
            assert a in model.LABEL_BY_NAME and b in model.LABEL_BY_NAME
        for prop in rel.props:
            assert set(prop.only_on) <= set(rel.endpoints), (rel.name, prop.name)


def test_contract_properties_and_enums():
    assert model.label("OrgUnit").prop("kind").enum[:3] == (
        "county_committee", "town_committee", "street_committee")
    assert model.label("Region").prop("tags").type == model.LIST
    assert model.label("OrgUnit").prop("stars").max == 5
    assert model.rel_type("CO_BUILDS").prop("status").default == "active"
    assert model.rel_type("MEMBER_OF").prop("tier").only_on == (("Enterprise", "IndustryChain"),)


def test_embedded_ddl_is_derived_from_the_model():
    ddl = "\n".join(schema_ddl())
    for label in model.LABELS:
        assert f"NODE TABLE IF NOT EXISTS {label.name}(" in ddl
        for prop in label.props:
            assert re.search(rf"[(,] ?{prop.name} [A-Z]", ddl), prop.name
    assert "FROM Person TO OrgUnit, FROM OrgUnit TO OrgUnit, FROM Enterprise TO IndustryChain" in ddl
