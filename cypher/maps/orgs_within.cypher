// name: maps/orgs_within
// description: Organisations built at or below a region (directly, or in an enterprise located there; PART_OF at any depth); every organisation when no region is given. Walks down from the region by key, so only the region's own part of the graph is read (on Neo4j testing every organisation for a path up to the region took 14× as long at city scale). Rows in no order.
// param: within str -- a region id; empty for all
// returns: id, name, kind, stars, weak
MATCH (o:OrgUnit) WHERE coalesce($within, '') = ''
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.stars AS stars, o.weak AS weak
UNION
MATCH (:Region {id: $within})<-[:PART_OF*0..]-(:Region)<-[:BASED_IN]-(o:OrgUnit)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.stars AS stars, o.weak AS weak
UNION
MATCH (:Region {id: $within})<-[:PART_OF*0..]-(:Region)<-[:LOCATED_IN]-(:Enterprise)<-[:BASED_IN]-(o:OrgUnit)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.stars AS stars, o.weak AS weak
