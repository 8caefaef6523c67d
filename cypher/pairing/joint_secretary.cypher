// name: pairing/joint_secretary
// description: The centre branch's secretary becomes the secretary of the proposed joint-village branch over its cluster.
// param: joint str -- the joint branch's id
// param: secretary str -- the person's id
// returns: secretary
MATCH (s:Person {id: $secretary}), (j:OrgUnit {id: $joint})
CREATE (s)-[:LEADS {role: 'secretary'}]->(j)
RETURN s.id AS secretary
