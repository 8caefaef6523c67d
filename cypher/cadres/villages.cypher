// name: cadres/villages
// description: Every village with the facts its cadre needs are derived from: its branch's weak flag and stars, collective income, tags, main industry, how many enterprises are located in it, its town and its place. A village with several branches has a row per branch.
// param: within str -- only villages below this region (its id), at any depth; empty for all
// returns: id, name, town_id, town, lat, lon, collective_income, main_industry, tags, branch, weak, stars, enterprises
MATCH (v:Region {kind: 'village'})
WHERE coalesce($within, '') = '' OR v.id = $within
   OR EXISTS { MATCH (v)-[:PART_OF*]->(a:Region {id: $within}) }
OPTIONAL MATCH (e:Enterprise)-[:LOCATED_IN]->(v)
WITH v, count(DISTINCT e) AS enterprises
OPTIONAL MATCH (v)-[:PART_OF]->(t:Region)
OPTIONAL MATCH (b:OrgUnit {kind: 'village_branch'})-[:BASED_IN]->(v)
RETURN v.id AS id, v.name AS name, t.id AS town_id, t.name AS town, v.lat AS lat, v.lon AS lon,
       v.collective_income AS collective_income, v.main_industry AS main_industry, v.tags AS tags,
       b.id AS branch, b.weak AS weak, b.stars AS stars, enterprises
ORDER BY id, branch
