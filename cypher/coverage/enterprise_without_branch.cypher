// name: coverage/enterprise_without_branch
// description: Enterprises with at least min_members party members and no organisation of their own (应建尽建): no OrgUnit BASED_IN them other than a joint branch (联合党支部). in_joint_branch says when a joint branch covers them, which is not enough from min_members on.
// 说明: 党员达到规定人数、未单独组建党组织的企业（应建尽建）
// param: min_members int = 3 -- party members from which an enterprise must have its own organisation
// param: within str -- a region id: only enterprises located at or below it (the coverage of one place); empty for all
// returns: id, name, party_members, counted_from, employees, in_joint_branch
// Party members: the enterprise's party_members where set, else the party members who work there.
MATCH (e:Enterprise)
WHERE coalesce($within, '') = '' OR EXISTS { MATCH (e)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(:Region {id: $within}) }
OPTIONAL MATCH (p:Person {party_member: true})-[:WORKS_AT]->(e)
WITH e, count(DISTINCT p) AS working
WITH e, coalesce(e.party_members, working) AS members
WHERE members >= $min_members
  AND NOT EXISTS { MATCH (o:OrgUnit)-[:BASED_IN]->(e) WHERE o.kind <> 'joint_branch' }
RETURN e.id AS id, e.name AS name, members AS party_members,
       CASE WHEN e.party_members IS NULL THEN 'WORKS_AT' ELSE 'party_members' END AS counted_from,
       e.employees AS employees,
       EXISTS { MATCH (:OrgUnit {kind: 'joint_branch'})-[:BASED_IN]->(e) } AS in_joint_branch
ORDER BY id
