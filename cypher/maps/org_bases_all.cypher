// name: maps/org_bases_all
// description: maps/org_bases for every organisation: where every organisation is built (BASED_IN): a region, an enterprise or an industry chain. One scan per branch (a map of the whole graph); maps/org_bases reads a part by key.
// returns: source, target, target_label
MATCH (o:OrgUnit)-[:BASED_IN]->(r:Region)
RETURN o.id AS source, r.id AS target, 'Region' AS target_label
UNION ALL
MATCH (o:OrgUnit)-[:BASED_IN]->(e:Enterprise)
RETURN o.id AS source, e.id AS target, 'Enterprise' AS target_label
UNION ALL
MATCH (o:OrgUnit)-[:BASED_IN]->(c:IndustryChain)
RETURN o.id AS source, c.id AS target, 'IndustryChain' AS target_label
