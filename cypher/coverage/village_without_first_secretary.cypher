// name: coverage/village_without_first_secretary
// description: Villages that must have a first secretary (weak, or tagged with one of the tags) with none in office in the as-of year; a proposed station counts. reason: no_first_secretary, or term_ended with the last one's since and last year in office (until, else since + term_years - 1).
// 说明: 应派而无在任驻村第一书记（含拟选派）的村
// param: weak_max_stars int = 2 -- a village branch with this many stars or fewer is weak
// param: tags list = 脱贫村;易地扶贫搬迁村 -- village tags that require a first secretary
// param: year int = 2025 -- the as-of year: who is in office then (orggraph query: the graph's as-of year)
// param: term_years int = 2 -- a station's term when it has no until
// param: within str -- a region id: only villages at or below it (the coverage of one place); empty for all
// returns: id, name, branch, weak, stars, tags, reason, last_since, last_until
// The tag list is bound by WITH first: LadybugDB cannot read a parameter inside any(… WHERE …).
WITH $tags AS wanted
MATCH (v:Region {kind: 'village'})
WHERE coalesce($within, '') = '' OR EXISTS { MATCH (v)-[:PART_OF*0..]->(:Region {id: $within}) }
OPTIONAL MATCH (b:OrgUnit {kind: 'village_branch'})-[:BASED_IN]->(v)
WITH v, wanted, b, (coalesce(b.weak, false) OR coalesce(b.stars, 99) <= $weak_max_stars) AS weak_branch
WITH v, wanted, collect(b.id) AS branches, max(CASE WHEN weak_branch THEN 1 ELSE 0 END) = 1 AS weak,
     min(b.stars) AS stars
WHERE (weak OR any(t IN coalesce(v.tags, []) WHERE t IN wanted))
  AND NOT EXISTS {
    MATCH (:Person)-[s:STATIONED_IN]->(v)
    WHERE s.role = 'first_secretary' AND (CASE WHEN s.until IS NOT NULL THEN coalesce(s.since, s.until) <= $year AND s.until >= $year WHEN s.since IS NULL THEN true ELSE s.since <= $year AND s.since + $term_years > $year END)
  }
OPTIONAL MATCH (:Person)-[p:STATIONED_IN]->(v)
WHERE p.role = 'first_secretary' AND coalesce(p.since, p.until) <= $year
WITH v, branches, weak, stars, max(p.since) AS last_since,
     max(coalesce(p.until, p.since + $term_years - 1)) AS last_until
RETURN v.id AS id, v.name AS name, branches AS branch, weak, stars, v.tags AS tags,
       CASE WHEN last_until IS NULL THEN 'no_first_secretary' ELSE 'term_ended' END AS reason,
       last_since, last_until
ORDER BY id
