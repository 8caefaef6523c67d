// name: pairing/joint_under
// description: A proposed joint-village branch becomes a member of the committees its centre branch belongs to (town, street or park).
// param: joint str -- the joint branch's id
// param: parents list -- the committees' ids
// returns: parent
MATCH (j:OrgUnit {id: $joint}), (t:OrgUnit)
WHERE t.id IN $parents
CREATE (j)-[:MEMBER_OF]->(t)
RETURN t.id AS parent
ORDER BY parent
