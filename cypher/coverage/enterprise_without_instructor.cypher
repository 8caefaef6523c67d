// name: coverage/enterprise_without_instructor
// description: Enterprises with no party members and at least min_employees employees, with no instructor in office (STATIONED_IN, term running in the as-of year) in them (工作覆盖); a proposed station counts.
// 说明: 暂无党员、职工达到规定人数、未选派党建工作指导员的企业
// param: min_employees int = 50 -- employees from which an enterprise without party members needs an instructor
// param: year int = 2025 -- the as-of year: who is in office then (orggraph query: the graph's as-of year)
// param: term_years int = 2 -- a station's term when it has no until
// param: within str -- a region id: only enterprises located at or below it (the coverage of one place); empty for all
// returns: id, name, employees, party_members, counted_from
MATCH (e:Enterprise)
WHERE coalesce($within, '') = '' OR EXISTS { MATCH (e)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(:Region {id: $within}) }
OPTIONAL MATCH (p:Person {party_member: true})-[:WORKS_AT]->(e)
WITH e, count(DISTINCT p) AS working
WITH e, coalesce(e.party_members, working) AS members
WHERE members = 0 AND e.employees >= $min_employees
  AND NOT EXISTS {
    MATCH (:Person)-[s:STATIONED_IN]->(e)
    WHERE s.role = 'instructor' AND (CASE WHEN s.until IS NOT NULL THEN coalesce(s.since, s.until) <= $year AND s.until >= $year WHEN s.since IS NULL THEN true ELSE s.since <= $year AND s.since + $term_years > $year END)
  }
RETURN e.id AS id, e.name AS name, e.employees AS employees, members AS party_members,
       CASE WHEN e.party_members IS NULL THEN 'WORKS_AT' ELSE 'party_members' END AS counted_from
ORDER BY id
