// name: influence/supplies
// description: SUPPLIES edges (supplier → customer) between two enterprises on the same chain (MEMBER_OF or LEADS it), one row per edge and chain.
// param: chains list -- only these chain ids (;-separated); empty for all
// returns: chain, source, target, weight
MATCH (a:Enterprise)-[:MEMBER_OF|LEADS]->(c:IndustryChain)
WHERE c.id IN $chains OR size($chains) = 0 OR $chains IS NULL
WITH DISTINCT c, a
MATCH (a)-[s:SUPPLIES]->(b:Enterprise)
WHERE EXISTS { MATCH (b)-[:MEMBER_OF|LEADS]->(c) }
RETURN c.id AS chain, a.id AS source, b.id AS target, s.weight AS weight
ORDER BY chain, source, target
