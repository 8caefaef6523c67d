// name: maps/orgs_by_id
// description: The organisations with these ids: what a map shows of them.
// param: ids list -- organisation ids
// returns: id, name, kind, stars, weak, status
UNWIND coalesce($ids, ['']) AS wanted WITH DISTINCT wanted MATCH (n:OrgUnit {id: wanted})
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.stars AS stars, n.weak AS weak,
       n.status AS status
