// name: influence/chains
// description: Industry chains with their leading enterprise (链主) and alliance organisation (the OrgUnit BASED_IN the chain); one row per leader and committee pair.
// param: chains list -- only these chain ids (;-separated); empty for all
// returns: id, name, sector, leader, leader_name, committee
MATCH (c:IndustryChain)
WHERE c.id IN $chains OR size($chains) = 0 OR $chains IS NULL
OPTIONAL MATCH (l:Enterprise)-[:LEADS]->(c)
OPTIONAL MATCH (k:OrgUnit)-[:BASED_IN]->(c)
RETURN c.id AS id, c.name AS name, c.sector AS sector, l.id AS leader, l.name AS leader_name,
       k.id AS committee
ORDER BY id, leader, committee
