// name: maps/people_by_id
// description: The people with these ids: only the id and the name (masked later) may reach a map; no other personal field is read.
// param: ids list -- person ids
// returns: id, name
UNWIND coalesce($ids, ['']) AS wanted WITH DISTINCT wanted MATCH (n:Person {id: wanted})
RETURN n.id AS id, n.name AS name
