// name: rates/first_secretary
// description: Villages that must have a first secretary (弱村, or tagged with one of the tags): what 第一书记覆盖率 counts over; the same villages as coverage/village_without_first_secretary looks at.
// param: weak_max_stars int = 2 -- a village branch with this many stars or fewer is weak
// param: tags list = 脱贫村;易地扶贫搬迁村 -- village tags that require a first secretary
// returns: id
WITH $tags AS wanted
MATCH (v:Region {kind: 'village'})
OPTIONAL MATCH (b:OrgUnit {kind: 'village_branch'})-[:BASED_IN]->(v)
WITH v, wanted, max(CASE WHEN coalesce(b.weak, false) OR coalesce(b.stars, 99) <= $weak_max_stars
                         THEN 1 ELSE 0 END) = 1 AS weak
WHERE weak OR any(t IN coalesce(v.tags, []) WHERE t IN wanted)
RETURN v.id AS id
ORDER BY id
