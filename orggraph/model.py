"""The graph model of DATA_MODEL.md, declared once.

Everything else derives from these declarations: the schema DDL of each engine, bundle
validation, load statements, exports and map legends. Nowhere else lists properties.
"""
from __future__ import annotations

from dataclasses import dataclass

# Property types. `list` is a list of strings (the only list type the contract has).
STR, INT, FLOAT, BOOL, DATE, LIST = "str", "int", "float", "bool", "date", "list"


@dataclass(frozen=True)
class Prop:
    name: str
    type: str = STR
    required: bool = False
    enum: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    # For relationship properties that belong to one endpoint pair only
    # (e.g. `tier` on Enterprise -> IndustryChain); empty means every pair.
    only_on: tuple[tuple[str, str], ...] = ()
    default: object = None


@dataclass(frozen=True)
class Label:
    name: str
    props: tuple[Prop, ...]
    zh: str = ""

    def prop(self, name: str) -> Prop | None:
        return next((p for p in self.props if p.name == name), None)

    @property
    def prop_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props)


@dataclass(frozen=True)
class RelType:
    name: str
    endpoints: tuple[tuple[str, str], ...]
    props: tuple[Prop, ...] = ()
    zh: str = ""
    allow_self: bool = False

    def prop(self, name: str) -> Prop | None:
        return next((p for p in self.props if p.name == name), None)

    @property
    def prop_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props)


REGION_KINDS = ("province", "city", "county", "town", "street", "village", "community",
                "grid", "compound", "building")
ORG_KINDS = ("county_committee", "town_committee", "street_committee", "park_committee",
             "joint_village_branch", "village_branch", "community_committee", "grid_branch",
             "building_group", "enterprise_branch", "joint_branch", "chain_committee",
             "agency_branch", "social_org_branch", "temporary_branch")
ENTERPRISE_KINDS = ("private", "state_owned", "foreign", "collective", "cooperative",
                    "property_management", "social_organization")
SPECIALTIES = ("party_affairs", "economy", "law", "agriculture", "technology")
SCORE_PROPS = ("score_leadership", "score_industry", "score_location", "score_transport",
               "score_service")
# Organisations at county level and above have no parent by design (org_without_parent).
TOP_ORG_KINDS = ("county_committee",)


def _id() -> Prop:
    return Prop("id", STR, required=True)


def _name() -> Prop:
    return Prop("name", STR, required=True)


def _score(name: str) -> Prop:
    return Prop(name, FLOAT, min=0, max=100)


LABELS: tuple[Label, ...] = (
    Label("Region", (
        _id(), _name(), Prop("kind", STR, required=True, enum=REGION_KINDS),
        Prop("code"), Prop("households", INT, min=0), Prop("population", INT, min=0),
        Prop("lat", FLOAT, min=-90, max=90), Prop("lon", FLOAT, min=-180, max=180),
        Prop("collective_income", FLOAT), Prop("main_industry"),
        *(_score(s) for s in SCORE_PROPS),
        Prop("willing_to_join", BOOL), Prop("tags", LIST),
    ), zh="区域"),
    Label("OrgUnit", (
        _id(), _name(), Prop("kind", STR, required=True, enum=ORG_KINDS),
        Prop("stars", INT, min=0, max=5), Prop("weak", BOOL), Prop("founded", DATE),
        # Added for pairing: a proposed organisation (a planned 联村党总支) is a plan, not a fact.
        Prop("status", enum=("active", "proposed")),
    ), zh="党组织"),
    Label("Person", (
        _id(), _name(), Prop("gender"), Prop("birth_year", INT, min=1900, max=2100),
        Prop("party_member", BOOL), Prop("in_service", BOOL),
        Prop("specialty", STR, enum=SPECIALTIES),
    ), zh="人员"),
    Label("Enterprise", (
        _id(), _name(), Prop("kind", STR, required=True, enum=ENTERPRISE_KINDS),
        Prop("sector"), Prop("employees", INT, min=0), Prop("party_members", INT, min=0),
    ), zh="企业"),
    Label("IndustryChain", (_id(), _name(), Prop("sector")), zh="产业链"),
)

_P2O = ("Person", "OrgUnit")
_E2C = ("Enterprise", "IndustryChain")

REL_TYPES: tuple[RelType, ...] = (
    RelType("PART_OF", (("Region", "Region"),), zh="所属"),
    RelType("MEMBER_OF", (_P2O, ("OrgUnit", "OrgUnit"), _E2C), (
        Prop("tier", enum=("upstream", "midstream", "downstream"), only_on=(_E2C,)),
    ), zh="隶属"),
    RelType("LEADS", (_P2O, _E2C, ("OrgUnit", "OrgUnit")), (
        Prop("role", enum=("secretary", "deputy_secretary", "part_time_member"), only_on=(_P2O,)),
    ), zh="任职"),
    RelType("CO_BUILDS", (("OrgUnit", "OrgUnit"),), (
        Prop("mode", enum=("strong_weak", "village_enterprise", "agency_community", "alliance")),
        Prop("since", INT, min=1900, max=2100),
        Prop("status", enum=("active", "proposed"), default="active"),
    ), zh="结对共建"),
    RelType("BASED_IN", (("OrgUnit", "Region"), ("OrgUnit", "Enterprise"),
                         ("OrgUnit", "IndustryChain")), zh="依托建立"),
    RelType("LOCATED_IN", (("Enterprise", "Region"),), zh="所在地"),
    RelType("SUPPLIES", (("Enterprise", "Enterprise"),), (Prop("weight", FLOAT, min=0),),
            zh="供应配套"),
    RelType("STATIONED_IN", (("Person", "Region"), ("Person", "Enterprise")), (
        Prop("role", enum=("first_secretary", "work_team", "instructor")),
        Prop("since", INT, min=1900, max=2100),
        # The last year in office, where known; without it the term is term_years from since.
        Prop("until", INT, min=1900, max=2100),
        # Added for cadre matching: a proposed station is a plan, not a fact.
        Prop("status", enum=("active", "proposed"), default="active"),
    ), zh="选派"),
    RelType("REPORTS_TO", (("Person", "Region"),), zh="到社区报到"),
    RelType("CONTACTS", (("Person", "Region"),), (Prop("households", INT, min=0),), zh="党员联系户"),
    RelType("WORKS_AT", (("Person", "Enterprise"),), zh="工作单位"),
)

# Kept by the store itself, never in a bundle (so never removed by a load) and not part of the
# analyses: a Snapshot records one `orggraph load` (orggraph/history/snapshots.py). JSON text in
# counts, changes, findings, rates and settings.
SNAPSHOT = Label("Snapshot", (
    _id(), Prop("seq", INT, required=True), Prop("as_of", DATE), Prop("loaded_at"),
    Prop("bundle"), Prop("bundle_hash"), Prop("replace", BOOL), Prop("counts"), Prop("changes"),
    Prop("findings"), Prop("rates"), Prop("settings"),
), zh="快照")
# Not data of the bundle: one node {id: 'bundle'} that the load writes, holding the date the
# data describe (the bundle's meta `as_of`) and the date it was loaded (ISO dates as text).
META = Label("Meta", (_id(), Prop("as_of"), Prop("loaded")), zh="数据日期")
STORED_LABELS: tuple[Label, ...] = LABELS + (META, SNAPSHOT)

LABEL_BY_NAME: dict[str, Label] = {label.name: label for label in LABELS}
REL_BY_NAME: dict[str, RelType] = {rel.name: rel for rel in REL_TYPES}


def label(name: str) -> Label:
    return LABEL_BY_NAME[name]


def rel_type(name: str) -> RelType:
    return REL_BY_NAME[name]


# Person properties that may be shown; everything else about a person is personal.
PERSON_PUBLIC_PROPS = ("id", "name")
