// name: coverage/grid_contact_gap
// description: Grids whose households exceed the sum of CONTACTS.households from party members into them (党员联系户).
// 说明: 住户数多于党员联系户数合计的网格
// param: within str -- a region id: only grids at or below it (the coverage of one place); empty for all
// returns: id, name, households, contacted, gap, contacts
MATCH (g:Region {kind: 'grid'})
WHERE g.households IS NOT NULL
  AND (coalesce($within, '') = '' OR EXISTS { MATCH (g)-[:PART_OF*0..]->(:Region {id: $within}) })
OPTIONAL MATCH (:Person)-[c:CONTACTS]->(g)
// LadybugDB sums to NULL over no rows where Neo4j gives 0, hence the coalesce.
WITH g, coalesce(sum(c.households), 0) AS contacted, count(c) AS contacts
WHERE g.households > contacted
RETURN g.id AS id, g.name AS name, g.households AS households, contacted,
       g.households - contacted AS gap, contacts
ORDER BY id
