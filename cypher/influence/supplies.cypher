// name: influence/supplies
// description: SUPPLIES edges (supplier → customer) between two enterprises on the same chain (MEMBER_OF or LEADS it), one row per edge and chain.
// 说明: 同一产业链上两家企业之间的供应配套（上游 → 下游）
// param: chains list -- only these chain ids (;-separated); empty for all
// returns: chain, source, target, weight
MATCH (a:Enterprise)-[:MEMBER_OF|LEADS]->(c:IndustryChain)
WHERE c.id IN $chains OR size($chains) = 0 OR $chains IS NULL
WITH DISTINCT c, a
MATCH (a)-[s:SUPPLIES]->(b:Enterprise)
WHERE EXISTS { MATCH (b)-[:MEMBER_OF|LEADS]->(c) }
RETURN c.id AS chain, a.id AS source, b.id AS target, s.weight AS weight
ORDER BY chain, source, target
