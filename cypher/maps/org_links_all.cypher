// name: maps/org_links_all
// description: maps/org_links for every organisation: every link of the organisation tree: one organisation belongs to (MEMBER_OF) or leads (LEADS) another. One scan per branch (a map of the whole graph); maps/org_links reads a part by key.
// returns: source, target, type
MATCH (a:OrgUnit)-[:MEMBER_OF]->(b:OrgUnit)
RETURN a.id AS source, b.id AS target, 'MEMBER_OF' AS type
UNION ALL
MATCH (a:OrgUnit)-[:LEADS]->(b:OrgUnit)
RETURN a.id AS source, b.id AS target, 'LEADS' AS type
