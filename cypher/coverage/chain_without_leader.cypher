// name: coverage/chain_without_leader
// description: Industry chains with no leading Enterprise (链主), or whose leader has no OrgUnit BASED_IN it.
// 说明: 未明确链主企业，或链主企业未建立党组织的产业链
// returns: id, name, leaders, unorganised_leaders, responsible
// responsible: the chain committees BASED_IN the chain.
MATCH (c:IndustryChain)
OPTIONAL MATCH (l:Enterprise)-[:LEADS]->(c)
OPTIONAL MATCH (o:OrgUnit)-[:BASED_IN]->(l)
WITH c, l, count(o) AS orgs
WITH c, collect(l.id) AS leaders, collect(CASE WHEN orgs = 0 THEN l.id END) AS unorganised
WHERE size(leaders) = 0 OR size(unorganised) > 0
OPTIONAL MATCH (k:OrgUnit {kind: 'chain_committee'})-[:BASED_IN]->(c)
RETURN c.id AS id, c.name AS name, leaders, unorganised AS unorganised_leaders,
       collect(DISTINCT k.id) AS responsible
ORDER BY id
