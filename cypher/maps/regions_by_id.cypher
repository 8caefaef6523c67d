// name: maps/regions_by_id
// description: The regions with these ids: what a map shows of them.
// param: ids list -- region ids
// returns: id, name, kind, households, main_industry, lat, lon
UNWIND coalesce($ids, ['']) AS wanted WITH DISTINCT wanted MATCH (n:Region {id: wanted})
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.households AS households,
       n.main_industry AS main_industry, n.lat AS lat, n.lon AS lon
