// name: within/member_contact_overload
// description: coverage/member_contact_overload among these persons only, read by key: the coverage of one region asks it for the persons who may lie there (places/people_of), instead of adding up every CONTACTS.
// 说明: 指定人员中联系户数合计超过规定户数的党员
// param: people list -- person ids (;-separated)
// param: max_households int = 15 -- households one party member can look after
// returns: id, name, households, regions, responsible
// responsible: the organisations the member belongs to (MEMBER_OF).
UNWIND coalesce($people, ['']) AS wanted
MATCH (p:Person {id: wanted})-[c:CONTACTS]->(r:Region)
WITH p.id AS found, sum(coalesce(c.households, 0)) AS households, collect(DISTINCT r.id) AS regions
WHERE households > $max_households
// the person read again by key: LadybugDB cannot follow a node kept through this aggregation
MATCH (p:Person {id: found})
OPTIONAL MATCH (p)-[:MEMBER_OF]->(o:OrgUnit)
RETURN p.id AS id, p.name AS name, households, regions, collect(DISTINCT o.id) AS responsible
ORDER BY id
