// name: coverage/chain_member_outside_alliance
// description: Chain member enterprises with no OrgUnit BASED_IN them inside the chain's alliance: MEMBER_OF, at any depth, a chain_committee BASED_IN the chain (产业链党建联盟).
// 说明: 未纳入该产业链党委（党建联盟）的链上企业，或尚未建立党组织的链上企业
// param: within str -- a region id: only enterprises located at or below it (the coverage of one place); empty for all
// returns: id, name, chain, chain_name, tier, organised, responsible
// responsible: the chain committees of the chain, which must take the enterprise in.
MATCH (e:Enterprise)-[m:MEMBER_OF]->(c:IndustryChain)
WHERE NOT EXISTS {
  MATCH (o:OrgUnit)-[:BASED_IN]->(e), (o)-[:MEMBER_OF*]->(:OrgUnit {kind: 'chain_committee'})-[:BASED_IN]->(c)
}
  AND (coalesce($within, '') = '' OR EXISTS { MATCH (e)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(:Region {id: $within}) })
OPTIONAL MATCH (k:OrgUnit {kind: 'chain_committee'})-[:BASED_IN]->(c)
RETURN e.id AS id, e.name AS name, c.id AS chain, c.name AS chain_name, m.tier AS tier,
       EXISTS { MATCH (:OrgUnit)-[:BASED_IN]->(e) } AS organised, collect(DISTINCT k.id) AS responsible
ORDER BY id, chain
