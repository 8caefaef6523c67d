// name: influence/members
// description: Enterprises on each chain (MEMBER_OF it, or LEADS it) with their tier, whether an OrgUnit is BASED_IN them, and whether one of those is inside the chain's alliance (MEMBER_OF, at any depth, a chain_committee BASED_IN the chain: the same notion as coverage's chain_member_outside_alliance).
// param: chains list -- only these chain ids (;-separated); empty for all
// returns: chain, id, name, tier, has_org, in_alliance
MATCH (e:Enterprise)-[:MEMBER_OF|LEADS]->(c:IndustryChain)
WHERE c.id IN $chains OR size($chains) = 0 OR $chains IS NULL
WITH DISTINCT c, e
OPTIONAL MATCH (e)-[m:MEMBER_OF]->(c)
RETURN c.id AS chain, e.id AS id, e.name AS name, m.tier AS tier,
       EXISTS { MATCH (:OrgUnit)-[:BASED_IN]->(e) } AS has_org,
       EXISTS { MATCH (o:OrgUnit)-[:BASED_IN]->(e), (o)-[:MEMBER_OF*]->(:OrgUnit {kind: 'chain_committee'})-[:BASED_IN]->(c) }
         AS in_alliance
ORDER BY chain, id
