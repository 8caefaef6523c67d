// name: coverage/unit_not_reported
// description: Organisations of agencies and public institutions (机关、事业单位党组织) with no agency_community CO_BUILDS (either direction, any status) with a community's organisation: the unit half of 双报到 not done.
// param: agency_kinds list = agency_branch -- organisation kinds of agencies and public institutions
// returns: id, name, kind
MATCH (o:OrgUnit)
WHERE o.kind IN $agency_kinds
  AND NOT EXISTS {
    MATCH (o)-[c:CO_BUILDS]-(:OrgUnit {kind: 'community_committee'})
    WHERE c.mode = 'agency_community'
  }
RETURN o.id AS id, o.name AS name, o.kind AS kind
ORDER BY id
