// name: maps/chain_alliance
// description: Each chain's alliance organisation (chain_committee BASED_IN the chain), the organisations that are MEMBER_OF it and the enterprise each of those is built in.
// param: chains list -- only these chain ids; empty for all
// returns: chain, committee, committee_name, org, org_name, org_kind, enterprise
MATCH (k:OrgUnit {kind: 'chain_committee'})-[:BASED_IN]->(c:IndustryChain)
WHERE c.id IN $chains OR size($chains) = 0 OR $chains IS NULL
OPTIONAL MATCH (o:OrgUnit)-[:MEMBER_OF]->(k)
OPTIONAL MATCH (o)-[:BASED_IN]->(e:Enterprise)
RETURN c.id AS chain, k.id AS committee, k.name AS committee_name, o.id AS org,
       o.name AS org_name, o.kind AS org_kind, e.id AS enterprise
ORDER BY chain, committee, org, enterprise
