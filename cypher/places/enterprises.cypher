// name: places/enterprises
// description: The enterprises of these ids with the regions each is LOCATED_IN (one walk step up).
// param: ids list -- enterprise ids (;-separated)
// returns: id, name, located_in
UNWIND coalesce($ids, ['']) AS wanted
MATCH (e:Enterprise)
WHERE e.id = wanted
OPTIONAL MATCH (e)-[:LOCATED_IN]->(r:Region)
RETURN e.id AS id, e.name AS name, collect(DISTINCT r.id) AS located_in
ORDER BY id
