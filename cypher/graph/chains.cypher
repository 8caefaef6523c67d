// name: graph/chains
// description: Every industry chain with its leading enterprise (链主), member count and alliance organisation.
// 说明: 产业链及其链主企业、链上企业数和产业链党委（党建联盟）
// returns: id, name, sector, leader, members, committee
MATCH (c:IndustryChain)
OPTIONAL MATCH (l:Enterprise)-[:LEADS]->(c)
OPTIONAL MATCH (k:OrgUnit {kind: 'chain_committee'})-[:BASED_IN]->(c)
OPTIONAL MATCH (m:Enterprise)-[:MEMBER_OF]->(c)
RETURN c.id AS id, c.name AS name, c.sector AS sector, l.id AS leader,
       count(DISTINCT m) AS members, k.id AS committee
ORDER BY id
