// name: maps/org_links
// description: The links of the organisation tree that start or end at one of these organisations (a link between two of them comes twice): one organisation belongs to (MEMBER_OF) or leads (LEADS) another.
// param: ids list -- organisation ids
// returns: source, target, type
UNWIND coalesce($ids, ['']) AS wanted
MATCH (a:OrgUnit {id: wanted})-[:MEMBER_OF]->(b:OrgUnit)
RETURN a.id AS source, b.id AS target, 'MEMBER_OF' AS type
UNION ALL
UNWIND coalesce($ids, ['']) AS wanted
MATCH (a:OrgUnit)-[:MEMBER_OF]->(b:OrgUnit {id: wanted})
RETURN a.id AS source, b.id AS target, 'MEMBER_OF' AS type
UNION ALL
UNWIND coalesce($ids, ['']) AS wanted
MATCH (a:OrgUnit {id: wanted})-[:LEADS]->(b:OrgUnit)
RETURN a.id AS source, b.id AS target, 'LEADS' AS type
UNION ALL
UNWIND coalesce($ids, ['']) AS wanted
MATCH (a:OrgUnit)-[:LEADS]->(b:OrgUnit {id: wanted})
RETURN a.id AS source, b.id AS target, 'LEADS' AS type
