// name: coverage/enterprise_without_branch
// description: Enterprises with at least min_members party members and no OrgUnit BASED_IN them (应建尽建: they must set up their own organisation).
// param: min_members int = 3 -- party members from which an enterprise must have its own organisation
// returns: id, name, party_members, counted_from, employees
// Party members: the enterprise's party_members where set, else the party members who work there.
MATCH (e:Enterprise)
OPTIONAL MATCH (p:Person {party_member: true})-[:WORKS_AT]->(e)
WITH e, count(DISTINCT p) AS working
WITH e, coalesce(e.party_members, working) AS members
WHERE members >= $min_members
  AND NOT EXISTS { MATCH (:OrgUnit)-[:BASED_IN]->(e) }
RETURN e.id AS id, e.name AS name, members AS party_members,
       CASE WHEN e.party_members IS NULL THEN 'WORKS_AT' ELSE 'party_members' END AS counted_from,
       e.employees AS employees
ORDER BY id
