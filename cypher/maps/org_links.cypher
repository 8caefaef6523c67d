// name: maps/org_links
// description: The links of the organisation tree: an organisation belongs to (MEMBER_OF) or leads (LEADS) another.
// returns: source, target, type
MATCH (a:OrgUnit)-[:MEMBER_OF]->(b:OrgUnit)
RETURN a.id AS source, b.id AS target, 'MEMBER_OF' AS type
UNION ALL
MATCH (a:OrgUnit)-[:LEADS]->(b:OrgUnit)
RETURN a.id AS source, b.id AS target, 'LEADS' AS type
