// name: maps/enterprises_within
// description: Enterprises located at or below a region (PART_OF at any depth), each with the region it is located in; every enterprise when no id is given (with no region if it is located nowhere). Walks down from the region by key. Rows in no order.
// param: within str -- a region id; empty for all
// returns: id, name, kind, sector, employees, party_members, region
MATCH (n:Enterprise) WHERE coalesce($within, '') = ''
OPTIONAL MATCH (n)-[:LOCATED_IN]->(r:Region)
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.sector AS sector, n.employees AS employees,
       n.party_members AS party_members, r.id AS region
UNION
MATCH (:Region {id: $within})<-[:PART_OF*0..]-(r:Region)<-[:LOCATED_IN]-(n:Enterprise)
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.sector AS sector, n.employees AS employees,
       n.party_members AS party_members, r.id AS region
