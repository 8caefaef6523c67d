// name: pairing/joint_propose
// description: Set up one proposed joint-village branch (联村党总支, status proposed) over a cluster: based in the centre village and led (牵头) by the centre's branch. Run after pairing/joint_withdraw has removed an earlier proposal with the same id; pairing/joint_under, pairing/joint_join and pairing/joint_secretary then add its committee, members and secretary.
// param: joint str -- the new branch's id (derived from the centre branch's)
// param: name str -- its name (××村联村党总支)
// param: centre_branch str -- the centre village's branch id
// param: centre str -- the centre village's id
// returns: joint
MATCH (cb:OrgUnit {id: $centre_branch}), (cv:Region {id: $centre})
CREATE (j:OrgUnit {id: $joint, name: $name, kind: 'joint_village_branch', status: 'proposed'})
CREATE (j)-[:BASED_IN]->(cv)
CREATE (cb)-[:LEADS]->(j)
RETURN j.id AS joint
