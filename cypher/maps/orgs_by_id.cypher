// name: maps/orgs_by_id
// description: The organisations with these ids: what a map shows of them.
// param: ids list -- organisation ids
// returns: id, name, kind, stars, weak
MATCH (n:OrgUnit) WHERE n.id IN $ids
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.stars AS stars, n.weak AS weak
