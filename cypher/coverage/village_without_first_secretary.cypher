// name: coverage/village_without_first_secretary
// description: Villages that are weak or carry one of the tags (脱贫村, 易地扶贫搬迁村) with no Person STATIONED_IN them as first_secretary; a proposed station counts.
// param: weak_max_stars int = 2 -- a village branch with this many stars or fewer is weak
// param: tags list = 脱贫村;易地扶贫搬迁村 -- village tags that require a first secretary
// returns: id, name, branch, weak, stars, tags
// The tag list is bound by WITH first: LadybugDB cannot read a parameter inside any(… WHERE …).
WITH $tags AS wanted
MATCH (v:Region {kind: 'village'})
OPTIONAL MATCH (b:OrgUnit {kind: 'village_branch'})-[:BASED_IN]->(v)
WITH v, wanted, b,
     coalesce(b.weak, false) OR coalesce(b.stars, 99) <= $weak_max_stars AS weak_branch
WITH v, wanted, collect(b.id) AS branches, max(CASE WHEN weak_branch THEN 1 ELSE 0 END) = 1 AS weak,
     min(b.stars) AS stars
WHERE (weak OR any(t IN coalesce(v.tags, []) WHERE t IN wanted))
  AND NOT EXISTS { MATCH (:Person)-[s:STATIONED_IN]->(v) WHERE s.role = 'first_secretary' }
RETURN v.id AS id, v.name AS name, branches AS branch, weak, stars, v.tags AS tags
ORDER BY id
