// name: coverage/member_contact_overload
// description: Party members whose CONTACTS households add up to more than max_households (每名党员联系10-15户).
// param: max_households int = 15 -- households one party member can look after
// returns: id, name, households, regions, responsible
// responsible: the organisations the member belongs to (MEMBER_OF).
MATCH (p:Person)-[c:CONTACTS]->(r:Region)
WITH p, sum(coalesce(c.households, 0)) AS households, collect(DISTINCT r.id) AS regions
WHERE households > $max_households
OPTIONAL MATCH (p)-[:MEMBER_OF]->(o:OrgUnit)
RETURN p.id AS id, p.name AS name, households, regions, collect(DISTINCT o.id) AS responsible
ORDER BY id
