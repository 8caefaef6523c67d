// name: rates/member_reported
// description: Party members in service (在职党员): what 在职党员报到率 counts over; the same as coverage/member_not_reported looks at, grouped by where they lie (their organisations, their employer), with their ids.
// returns: employer, responsible, ids
MATCH (p:Person {party_member: true, in_service: true})
OPTIONAL MATCH (p)-[:MEMBER_OF]->(o:OrgUnit)
OPTIONAL MATCH (p)-[:WORKS_AT]->(e:Enterprise)
WITH p, collect(DISTINCT e.id) AS employer, collect(DISTINCT o.id) AS responsible
RETURN employer, responsible, collect(p.id) AS ids
