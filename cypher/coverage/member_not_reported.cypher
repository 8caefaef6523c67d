// name: coverage/member_not_reported
// description: Party members in service (在职党员) who REPORTS_TO no Region (双报到 not done).
// 说明: 未到居住地社区（小区）报到的在职党员
// returns: id, name, employer, responsible
// responsible: the organisations the member belongs to (MEMBER_OF); employer: where they work.
MATCH (p:Person {party_member: true, in_service: true})
WHERE NOT EXISTS { MATCH (p)-[:REPORTS_TO]->(:Region) }
// the few found read again by key: LadybugDB would otherwise join the OPTIONAL MATCHes over
// every person (five times slower at province scale)
WITH collect(p.id) AS found
UNWIND found AS wanted
MATCH (p:Person {id: wanted})
OPTIONAL MATCH (p)-[:MEMBER_OF]->(o:OrgUnit)
OPTIONAL MATCH (p)-[:WORKS_AT]->(e:Enterprise)
RETURN p.id AS id, p.name AS name, collect(DISTINCT e.id) AS employer, collect(DISTINCT o.id) AS responsible
ORDER BY id
