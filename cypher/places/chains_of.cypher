// name: places/chains_of
// description: The industry chains these organisations are BASED_IN (a chain whose leader lies nowhere lies where its committee lies). Rows in no order.
// param: ids list -- organisation ids (;-separated)
// returns: id
UNWIND coalesce($ids, ['']) AS wanted
MATCH (:OrgUnit {id: wanted})-[:BASED_IN]->(c:IndustryChain)
RETURN DISTINCT c.id AS id
