// name: places/orgs
// description: The organisations of these ids with the organisations each is MEMBER_OF and the region, enterprise or chain each is BASED_IN (one walk step up).
// param: ids list -- organisation ids (;-separated)
// returns: id, name, kind, member_of, in_region, in_enterprise, in_chain
UNWIND coalesce($ids, ['']) AS wanted
MATCH (o:OrgUnit)
WHERE o.id = wanted
OPTIONAL MATCH (o)-[:MEMBER_OF]->(p:OrgUnit)
WITH o, collect(DISTINCT p.id) AS member_of
OPTIONAL MATCH (o)-[:BASED_IN]->(r:Region)
WITH o, member_of, collect(DISTINCT r.id) AS in_region
OPTIONAL MATCH (o)-[:BASED_IN]->(e:Enterprise)
WITH o, member_of, in_region, collect(DISTINCT e.id) AS in_enterprise
OPTIONAL MATCH (o)-[:BASED_IN]->(c:IndustryChain)
RETURN o.id AS id, o.name AS name, o.kind AS kind, member_of, in_region, in_enterprise,
       collect(DISTINCT c.id) AS in_chain
ORDER BY id
