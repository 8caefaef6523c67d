// name: coverage/org_without_parent
// description: Organisations below county level that are MEMBER_OF no other organisation (断头路, a dead end in the system).
// 说明: 县委以下未明确上级党组织的党组织（“断头路”）
// param: top_kinds list = county_committee -- organisation kinds that have no parent by design
// returns: id, name, kind
MATCH (o:OrgUnit)
WHERE NOT o.kind IN $top_kinds
  AND NOT EXISTS { MATCH (o)-[:MEMBER_OF]->(:OrgUnit) }
RETURN o.id AS id, o.name AS name, o.kind AS kind
ORDER BY id
