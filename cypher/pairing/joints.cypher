// name: pairing/joints
// description: Every joint-village branch (联村党总支) with the centre village that leads it (its LEADS branch, else the village it is based in) and its status.
// returns: joint, name, centre, status
MATCH (j:OrgUnit {kind: 'joint_village_branch'})
OPTIONAL MATCH (l:OrgUnit {kind: 'village_branch'})-[:LEADS]->(j)
OPTIONAL MATCH (l)-[:BASED_IN]->(lv:Region {kind: 'village'})
OPTIONAL MATCH (j)-[:BASED_IN]->(jv:Region {kind: 'village'})
RETURN j.id AS joint, j.name AS name, coalesce(lv.id, jv.id) AS centre,
       coalesce(j.status, 'active') AS status
ORDER BY joint, centre
