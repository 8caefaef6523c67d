// name: graph/villages
// description: Every village with its town, its branch (BASED_IN the village), stars, weak flag and place.
// param: within str -- only villages below this region (its id), at any depth; empty for all
// returns: id, name, town, branch, stars, weak, lat, lon
MATCH (v:Region {kind: 'village'})
WHERE coalesce($within, '') = '' OR v.id = $within
   OR EXISTS { MATCH (v)-[:PART_OF*]->(a:Region {id: $within}) }
OPTIONAL MATCH (v)-[:PART_OF]->(t:Region)
OPTIONAL MATCH (b:OrgUnit {kind: 'village_branch'})-[:BASED_IN]->(v)
RETURN v.id AS id, v.name AS name, t.name AS town, b.id AS branch, b.stars AS stars,
       b.weak AS weak, v.lat AS lat, v.lon AS lon
ORDER BY id
