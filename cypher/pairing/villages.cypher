// name: pairing/villages
// description: The villages that pairing considers, with their branch, town, county and the data that makes them centres or weak villages.
// param: within str -- only villages below this region (its id), at any depth; empty for all
// returns: id, name, town, town_name, county, branch, stars, weak, score_leadership, score_industry, score_location, score_transport, score_service, collective_income, main_industry, households, population, willing_to_join, lat, lon
MATCH (v:Region {kind: 'village'})
WHERE coalesce($within, '') = '' OR v.id = $within
   OR EXISTS { MATCH (v)-[:PART_OF*]->(a:Region {id: $within}) }
OPTIONAL MATCH (v)-[:PART_OF]->(t:Region)
OPTIONAL MATCH (t)-[:PART_OF]->(c:Region {kind: 'county'})
OPTIONAL MATCH (b:OrgUnit {kind: 'village_branch'})-[:BASED_IN]->(v)
RETURN v.id AS id, v.name AS name, t.id AS town, t.name AS town_name, c.id AS county,
       b.id AS branch, b.stars AS stars, b.weak AS weak,
       v.score_leadership AS score_leadership, v.score_industry AS score_industry,
       v.score_location AS score_location, v.score_transport AS score_transport,
       v.score_service AS score_service, v.collective_income AS collective_income,
       v.main_industry AS main_industry, v.households AS households,
       v.population AS population, v.willing_to_join AS willing_to_join,
       v.lat AS lat, v.lon AS lon
ORDER BY id, branch
