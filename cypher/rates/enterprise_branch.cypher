// name: rates/enterprise_branch
// description: Enterprises with at least min_members party members: what 企业党组织覆盖率 counts over; the same as coverage/enterprise_without_branch looks at.
// param: min_members int = 3 -- party members from which an enterprise must have its own organisation
// returns: id
MATCH (e:Enterprise)
OPTIONAL MATCH (p:Person {party_member: true})-[:WORKS_AT]->(e)
WITH e, count(DISTINCT p) AS working
WITH e, coalesce(e.party_members, working) AS members
WHERE members >= $min_members
RETURN e.id AS id
ORDER BY id
