// name: coverage/org_without_secretary
// description: Organisations with no Person who LEADS them as secretary. Party groups (党小组: building groups, and grid branches of rural grids, i.e. a grid PART_OF a village: 网格党小组), which have a group leader (组长) rather than a secretary, are not checked.
// returns: id, name, kind, deputies
MATCH (o:OrgUnit)
WHERE NOT (o.kind = 'building_group' OR (o.kind = 'grid_branch' AND EXISTS { MATCH (o)-[:BASED_IN]->(:Region {kind: 'grid'})-[:PART_OF]->(:Region {kind: 'village'}) }))
  AND NOT EXISTS { MATCH (:Person)-[l:LEADS]->(o) WHERE l.role = 'secretary' }
OPTIONAL MATCH (d:Person)-[l:LEADS]->(o)
WHERE l.role = 'deputy_secretary'
RETURN o.id AS id, o.name AS name, o.kind AS kind, count(DISTINCT d) AS deputies
ORDER BY id
