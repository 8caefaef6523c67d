// name: maps/top_regions
// description: The regions that are part of no other region (a map without --within is about them).
// returns: id, name, kind
MATCH (n:Region)
WHERE NOT EXISTS { MATCH (n)-[:PART_OF]->(:Region) }
RETURN n.id AS id, n.name AS name, n.kind AS kind
ORDER BY id
