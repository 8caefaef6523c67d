// name: maps/orgs_within
// description: Organisations built at or below a region (directly, or in an enterprise located there); every organisation when no region is given.
// param: within str -- a region id; empty for all
// returns: id, name, kind, stars, weak
MATCH (o:OrgUnit)
WHERE coalesce($within, '') = ''
   OR EXISTS { MATCH (o)-[:BASED_IN]->(r:Region) WHERE r.id = $within }
   OR EXISTS { MATCH (o)-[:BASED_IN]->(r:Region)-[:PART_OF*]->(a:Region {id: $within}) }
   OR EXISTS { MATCH (o)-[:BASED_IN]->(e:Enterprise)-[:LOCATED_IN]->(r:Region) WHERE r.id = $within }
   OR EXISTS { MATCH (o)-[:BASED_IN]->(e:Enterprise)-[:LOCATED_IN]->(r:Region)-[:PART_OF*]->(a:Region {id: $within}) }
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.stars AS stars, o.weak AS weak
ORDER BY id
