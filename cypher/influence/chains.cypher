// name: influence/chains
// description: Industry chains with their leading enterprise (链主) and alliance organisation (the chain_committee BASED_IN the chain); one row per leader and committee pair. For the leader: whether an OrgUnit is BASED_IN it, whether one is inside the chain's alliance (MEMBER_OF, at any depth, the chain_committee), its party members, and whether an instructor is in office in it in the as-of year (a proposed station counts).
// 说明: 产业链及其链主企业和产业链党委（党建联盟），链主企业是否建立党组织、是否入盟、有无党建指导员
// param: chains list -- only these chain ids (;-separated); empty for all
// param: year int = 2025 -- the as-of year: who is in office then (orggraph query: the graph's as-of year)
// param: term_years int = 2 -- a station's term when it has no until
// returns: id, name, sector, leader, leader_name, committee, leader_organised, leader_in_alliance, leader_party_members, leader_instructor
MATCH (c:IndustryChain)
WHERE c.id IN $chains OR size($chains) = 0 OR $chains IS NULL
OPTIONAL MATCH (e:Enterprise)-[:LEADS]->(c)
// Counted by a match from the leader: a COUNT { } subquery scanned every person on LadybugDB.
OPTIONAL MATCH (p:Person {party_member: true})-[:WORKS_AT]->(e)
WITH c, e, count(p) AS workers_in_party
OPTIONAL MATCH (k:OrgUnit {kind: 'chain_committee'})-[:BASED_IN]->(c)
RETURN c.id AS id, c.name AS name, c.sector AS sector, e.id AS leader, e.name AS leader_name,
       k.id AS committee,
       EXISTS { MATCH (:OrgUnit)-[:BASED_IN]->(e) } AS leader_organised,
       EXISTS { MATCH (o:OrgUnit)-[:BASED_IN]->(e), (o)-[:MEMBER_OF*]->(:OrgUnit {kind: 'chain_committee'})-[:BASED_IN]->(c) } AS leader_in_alliance,
       coalesce(e.party_members, workers_in_party) AS leader_party_members,
       EXISTS {
         MATCH (:Person)-[s:STATIONED_IN]->(e)
         WHERE s.role = 'instructor' AND (CASE WHEN s.until IS NOT NULL THEN coalesce(s.since, s.until) <= $year AND s.until >= $year WHEN s.since IS NULL THEN true ELSE s.since <= $year AND s.since + $term_years > $year END)
       } AS leader_instructor
ORDER BY id, leader, committee
