// name: coverage/grid_without_branch
// description: Grids and compounds (Region of kind grid or compound) with no OrgUnit BASED_IN them (网格/小区党组织全覆盖).
// 说明: 未建立党组织的网格（小区）
// param: within str -- a region id: only grids and compounds at or below it (the coverage of one place); empty for all
// returns: id, name, kind, households
MATCH (g:Region)
WHERE g.kind IN ['grid', 'compound']
  AND NOT EXISTS { MATCH (:OrgUnit)-[:BASED_IN]->(g) }
  AND (coalesce($within, '') = '' OR EXISTS { MATCH (g)-[:PART_OF*0..]->(:Region {id: $within}) })
RETURN g.id AS id, g.name AS name, g.kind AS kind, g.households AS households
ORDER BY id
