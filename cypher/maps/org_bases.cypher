// name: maps/org_bases
// description: Where each of these organisations is built (BASED_IN): a region, an enterprise or an industry chain. Looked up by key, so a map of one area reads only its own organisations' bases.
// param: ids list -- organisation ids
// returns: source, target, target_label
UNWIND coalesce($ids, ['']) AS wanted
MATCH (o:OrgUnit {id: wanted})-[:BASED_IN]->(r:Region)
RETURN o.id AS source, r.id AS target, 'Region' AS target_label
UNION ALL
UNWIND coalesce($ids, ['']) AS wanted
MATCH (o:OrgUnit {id: wanted})-[:BASED_IN]->(e:Enterprise)
RETURN o.id AS source, e.id AS target, 'Enterprise' AS target_label
UNION ALL
UNWIND coalesce($ids, ['']) AS wanted
MATCH (o:OrgUnit {id: wanted})-[:BASED_IN]->(c:IndustryChain)
RETURN o.id AS source, c.id AS target, 'IndustryChain' AS target_label
