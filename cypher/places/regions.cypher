// name: places/regions
// description: The regions of these ids with the region each is PART_OF and the organisations BASED_IN each (one walk step up, for coverage findings' town and responsible).
// param: ids list -- region ids (;-separated)
// returns: id, name, kind, part_of, based
UNWIND coalesce($ids, ['']) AS wanted
MATCH (r:Region)
WHERE r.id = wanted
OPTIONAL MATCH (r)-[:PART_OF]->(p:Region)
WITH r, collect(DISTINCT p.id) AS part_of
OPTIONAL MATCH (o:OrgUnit)-[:BASED_IN]->(r)
RETURN r.id AS id, r.name AS name, r.kind AS kind, part_of, collect(DISTINCT o.id) AS based
ORDER BY id
