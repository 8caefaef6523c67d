// name: pairing/joint_join
// description: The partner villages' branches of a cluster become members of its proposed joint-village branch.
// param: joint str -- the joint branch's id
// param: members list -- the partner villages' branch ids
// returns: member
MATCH (j:OrgUnit {id: $joint}), (m:OrgUnit)
WHERE m.id IN $members
CREATE (m)-[:MEMBER_OF]->(j)
RETURN m.id AS member
ORDER BY member
