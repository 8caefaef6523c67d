// name: rates/weak_paired
// description: Weak villages (a village branch weak or with few stars): what 弱村联建率 counts over; the same villages as coverage/weak_village_unpaired looks at.
// param: weak_max_stars int = 2 -- a village branch with this many stars or fewer is weak
// returns: id
MATCH (b:OrgUnit {kind: 'village_branch'})-[:BASED_IN]->(v:Region {kind: 'village'})
WHERE coalesce(b.weak, false) OR coalesce(b.stars, 99) <= $weak_max_stars
RETURN DISTINCT v.id AS id
ORDER BY id
