// name: coverage/chain_leader_without_instructor
// description: Chain leaders (Enterprise LEADS an IndustryChain) with no instructor in office (STATIONED_IN, term running in the as-of year) in them; a proposed station counts (向链主企业选派专职党建工作指导员).
// 说明: 未选派党建工作指导员（在岗或拟选派）的链主企业
// param: year int = 2025 -- the as-of year: who is in office then (orggraph query: the graph's as-of year)
// param: term_years int = 2 -- a station's term when it has no until
// param: within str -- a region id: only enterprises located at or below it (the coverage of one place); empty for all
// returns: id, name, chains, organised, responsible
// responsible: the chain committees of the chains it leads.
MATCH (e:Enterprise)-[:LEADS]->(c:IndustryChain)
WHERE NOT EXISTS {
    MATCH (:Person)-[s:STATIONED_IN]->(e)
    WHERE s.role = 'instructor' AND (CASE WHEN s.until IS NOT NULL THEN coalesce(s.since, s.until) <= $year AND s.until >= $year WHEN s.since IS NULL THEN true ELSE s.since <= $year AND s.since + $term_years > $year END)
  }
  AND (coalesce($within, '') = '' OR EXISTS { MATCH (e)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(:Region {id: $within}) })
OPTIONAL MATCH (k:OrgUnit {kind: 'chain_committee'})-[:BASED_IN]->(c)
RETURN e.id AS id, e.name AS name, collect(DISTINCT c.id) AS chains,
       EXISTS { MATCH (:OrgUnit)-[:BASED_IN]->(e) } AS organised, collect(DISTINCT k.id) AS responsible
ORDER BY id
