// name: rates/grid_branch
// description: Grids and compounds: what 网格党组织覆盖率 counts over; the same as coverage/grid_without_branch looks at.
// returns: id
MATCH (g:Region)
WHERE g.kind IN ['grid', 'compound']
RETURN g.id AS id
ORDER BY id
