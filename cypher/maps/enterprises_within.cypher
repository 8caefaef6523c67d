// name: maps/enterprises_within
// description: Enterprises located at or below a region, each with the region it is located in; every enterprise when no id is given.
// param: within str -- a region id; empty for all
// returns: id, name, kind, sector, employees, party_members, region
MATCH (n:Enterprise)
OPTIONAL MATCH (n)-[:LOCATED_IN]->(r:Region)
WITH n, r
WHERE coalesce($within, '') = '' OR r.id = $within
   OR EXISTS { MATCH (r)-[:PART_OF*]->(a:Region {id: $within}) }
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.sector AS sector, n.employees AS employees,
       n.party_members AS party_members, r.id AS region
ORDER BY id, region
