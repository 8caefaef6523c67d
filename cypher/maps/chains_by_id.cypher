// name: maps/chains_by_id
// description: The industry chains with these ids: what a map shows of them.
// param: ids list -- chain ids
// returns: id, name, sector
UNWIND coalesce($ids, ['']) AS wanted WITH DISTINCT wanted MATCH (n:IndustryChain {id: wanted})
RETURN n.id AS id, n.name AS name, n.sector AS sector
