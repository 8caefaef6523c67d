// name: maps/regions_within
// description: The region with this id and every region below it (PART_OF, at any depth), each with the region it is part of; every region when no id is given. Walks down from the region by key. Rows in no order.
// param: within str -- a region id; empty for all
// returns: id, name, kind, households, main_industry, lat, lon, parent
MATCH (n:Region) WHERE coalesce($within, '') = ''
OPTIONAL MATCH (n)-[:PART_OF]->(p:Region)
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.households AS households,
       n.main_industry AS main_industry, n.lat AS lat, n.lon AS lon, p.id AS parent
UNION
MATCH (:Region {id: $within})<-[:PART_OF*0..]-(n:Region)
OPTIONAL MATCH (n)-[:PART_OF]->(p:Region)
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.households AS households,
       n.main_industry AS main_industry, n.lat AS lat, n.lon AS lon, p.id AS parent
