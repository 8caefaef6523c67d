// name: coverage/enterprise_without_instructor
// description: Enterprises with no party members and at least min_employees employees, with no Person STATIONED_IN them as instructor (工作覆盖); a proposed station counts.
// param: min_employees int = 50 -- employees from which an enterprise without party members needs an instructor
// returns: id, name, employees, party_members, counted_from
MATCH (e:Enterprise)
OPTIONAL MATCH (p:Person {party_member: true})-[:WORKS_AT]->(e)
WITH e, count(DISTINCT p) AS working
WITH e, coalesce(e.party_members, working) AS members
WHERE members = 0 AND e.employees >= $min_employees
  AND NOT EXISTS { MATCH (:Person)-[s:STATIONED_IN]->(e) WHERE s.role = 'instructor' }
RETURN e.id AS id, e.name AS name, e.employees AS employees, members AS party_members,
       CASE WHEN e.party_members IS NULL THEN 'WORKS_AT' ELSE 'party_members' END AS counted_from
ORDER BY id
