// name: coverage/weak_village_unpaired
// description: Weak villages whose branch has no CO_BUILDS of any status (a proposed pair counts) in either direction and is not MEMBER_OF a joint_village_branch (跨村联建).
// param: weak_max_stars int = 2 -- a village branch with this many stars or fewer is weak
// returns: id, name, branch, weak, stars
MATCH (b:OrgUnit {kind: 'village_branch'})-[:BASED_IN]->(v:Region {kind: 'village'})
WHERE (coalesce(b.weak, false) OR coalesce(b.stars, 99) <= $weak_max_stars)
  AND NOT EXISTS { MATCH (b)-[:CO_BUILDS]-(:OrgUnit) }
  AND NOT EXISTS { MATCH (b)-[:MEMBER_OF]->(:OrgUnit {kind: 'joint_village_branch'}) }
RETURN v.id AS id, v.name AS name, b.id AS branch, coalesce(b.weak, false) AS weak, b.stars AS stars
ORDER BY id, branch
