// name: places/chains
// description: The industry chains of these ids with their leading enterprises (LEADS) and the organisations BASED_IN each (where a chain lies).
// param: ids list -- chain ids (;-separated)
// returns: id, name, leaders, based
UNWIND coalesce($ids, ['']) AS wanted
MATCH (c:IndustryChain)
WHERE c.id = wanted
OPTIONAL MATCH (l:Enterprise)-[:LEADS]->(c)
WITH c, collect(DISTINCT l.id) AS leaders
OPTIONAL MATCH (o:OrgUnit)-[:BASED_IN]->(c)
RETURN c.id AS id, c.name AS name, leaders, collect(DISTINCT o.id) AS based
ORDER BY id
