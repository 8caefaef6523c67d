// name: maps/chains_by_id
// description: The industry chains with these ids: what a map shows of them.
// param: ids list -- chain ids
// returns: id, name, sector
MATCH (n:IndustryChain) WHERE n.id IN $ids
RETURN n.id AS id, n.name AS name, n.sector AS sector
