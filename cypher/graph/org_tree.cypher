// name: graph/org_tree
// description: Every organisation with its kind and the organisation it belongs to (MEMBER_OF), if any.
// 说明: 党组织及其类别和上级党组织
// returns: id, name, kind, stars, weak, parent
MATCH (o:OrgUnit)
OPTIONAL MATCH (o)-[:MEMBER_OF]->(p:OrgUnit)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.stars AS stars, o.weak AS weak, p.id AS parent
ORDER BY id, parent
