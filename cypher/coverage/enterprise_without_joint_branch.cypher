// name: coverage/enterprise_without_joint_branch
// description: Enterprises with 1 to min_members-1 party members and no OrgUnit BASED_IN them, neither their own nor a joint branch (联合党支部).
// 说明: 党员不足单独组建人数、既未单独组建也未纳入联合党支部的企业
// param: min_members int = 3 -- party members from which an enterprise must have its own organisation
// param: within str -- a region id: only enterprises located at or below it (the coverage of one place); empty for all
// returns: id, name, party_members, counted_from, employees
MATCH (e:Enterprise)
WHERE coalesce($within, '') = '' OR EXISTS { MATCH (e)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(:Region {id: $within}) }
OPTIONAL MATCH (p:Person {party_member: true})-[:WORKS_AT]->(e)
WITH e, count(DISTINCT p) AS working
WITH e, coalesce(e.party_members, working) AS members
WHERE members >= 1 AND members < $min_members
  AND NOT EXISTS { MATCH (:OrgUnit)-[:BASED_IN]->(e) }
RETURN e.id AS id, e.name AS name, members AS party_members,
       CASE WHEN e.party_members IS NULL THEN 'WORKS_AT' ELSE 'party_members' END AS counted_from,
       e.employees AS employees
ORDER BY id
