// name: pairing/joint_members
// description: Village branches that are members of a joint-village branch, with the centre village that leads it (its LEADS branch, else the village it is based in) and the joint branch's status (proposed: a plan's 联村党总支).
// returns: joint, centre, member, member_branch, status
MATCH (m:OrgUnit {kind: 'village_branch'})-[:MEMBER_OF]->(j:OrgUnit {kind: 'joint_village_branch'})
MATCH (m)-[:BASED_IN]->(mv:Region {kind: 'village'})
OPTIONAL MATCH (l:OrgUnit {kind: 'village_branch'})-[:LEADS]->(j)
OPTIONAL MATCH (l)-[:BASED_IN]->(lv:Region {kind: 'village'})
OPTIONAL MATCH (j)-[:BASED_IN]->(jv:Region {kind: 'village'})
RETURN j.id AS joint, coalesce(lv.id, jv.id) AS centre, mv.id AS member, m.id AS member_branch,
       coalesce(j.status, 'active') AS status
ORDER BY joint, member
