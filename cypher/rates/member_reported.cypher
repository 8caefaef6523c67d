// name: rates/member_reported
// description: Party members in service (在职党员): what 在职党员报到率 counts over; the same as coverage/member_not_reported looks at, with where each lies (their organisations, their employer).
// returns: id, employer, responsible
MATCH (p:Person {party_member: true, in_service: true})
OPTIONAL MATCH (p)-[:MEMBER_OF]->(o:OrgUnit)
OPTIONAL MATCH (p)-[:WORKS_AT]->(e:Enterprise)
RETURN p.id AS id, collect(DISTINCT e.id) AS employer, collect(DISTINCT o.id) AS responsible
ORDER BY id
