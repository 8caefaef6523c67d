// name: within/member_not_reported
// description: coverage/member_not_reported among these persons only, read by key: the coverage of one region asks it for the persons who may lie there (places/people_of), instead of testing every person.
// 说明: 指定人员中未到居住地社区（小区）报到的在职党员
// param: people list -- person ids (;-separated)
// returns: id, name, employer, responsible
// responsible: the organisations the member belongs to (MEMBER_OF); employer: where they work.
UNWIND coalesce($people, ['']) AS wanted
MATCH (p:Person {id: wanted, party_member: true, in_service: true})
WHERE NOT EXISTS { MATCH (p)-[:REPORTS_TO]->(:Region) }
OPTIONAL MATCH (p)-[:MEMBER_OF]->(o:OrgUnit)
OPTIONAL MATCH (p)-[:WORKS_AT]->(e:Enterprise)
RETURN p.id AS id, p.name AS name, collect(DISTINCT e.id) AS employer, collect(DISTINCT o.id) AS responsible
ORDER BY id
