// name: maps/links_touching
// description: Every relationship that starts or ends at one of the given nodes, with both endpoint labels (one branch per type and endpoint pair of the model).
// param: ids list -- the node ids
// returns: source, source_label, target, target_label, type, mode, role, status, tier
MATCH (a:Region)-[r:PART_OF]->(b:Region) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'Region' AS source_label, b.id AS target, 'Region' AS target_label,
       'PART_OF' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
MATCH (a:Person)-[r:MEMBER_OF]->(b:OrgUnit) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'MEMBER_OF' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
MATCH (a:OrgUnit)-[r:MEMBER_OF]->(b:OrgUnit) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'MEMBER_OF' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
MATCH (a:Enterprise)-[r:MEMBER_OF]->(b:IndustryChain) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'Enterprise' AS source_label, b.id AS target, 'IndustryChain' AS target_label,
       'MEMBER_OF' AS type, '' AS mode, '' AS role, '' AS status, coalesce(r.tier, '') AS tier
UNION ALL
MATCH (a:Person)-[r:LEADS]->(b:OrgUnit) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'LEADS' AS type, '' AS mode, coalesce(r.role, '') AS role, '' AS status, '' AS tier
UNION ALL
MATCH (a:Enterprise)-[r:LEADS]->(b:IndustryChain) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'Enterprise' AS source_label, b.id AS target, 'IndustryChain' AS target_label,
       'LEADS' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
MATCH (a:OrgUnit)-[r:LEADS]->(b:OrgUnit) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'LEADS' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
MATCH (a:OrgUnit)-[r:CO_BUILDS]->(b:OrgUnit) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'CO_BUILDS' AS type, coalesce(r.mode, '') AS mode, '' AS role, coalesce(r.status, '') AS status, '' AS tier
UNION ALL
MATCH (a:OrgUnit)-[r:BASED_IN]->(b:Region) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'Region' AS target_label,
       'BASED_IN' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
MATCH (a:OrgUnit)-[r:BASED_IN]->(b:Enterprise) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'Enterprise' AS target_label,
       'BASED_IN' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
MATCH (a:OrgUnit)-[r:BASED_IN]->(b:IndustryChain) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'IndustryChain' AS target_label,
       'BASED_IN' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
MATCH (a:Enterprise)-[r:LOCATED_IN]->(b:Region) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'Enterprise' AS source_label, b.id AS target, 'Region' AS target_label,
       'LOCATED_IN' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
MATCH (a:Enterprise)-[r:SUPPLIES]->(b:Enterprise) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'Enterprise' AS source_label, b.id AS target, 'Enterprise' AS target_label,
       'SUPPLIES' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
MATCH (a:Person)-[r:STATIONED_IN]->(b:Region) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Region' AS target_label,
       'STATIONED_IN' AS type, '' AS mode, coalesce(r.role, '') AS role, coalesce(r.status, '') AS status, '' AS tier
UNION ALL
MATCH (a:Person)-[r:STATIONED_IN]->(b:Enterprise) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Enterprise' AS target_label,
       'STATIONED_IN' AS type, '' AS mode, coalesce(r.role, '') AS role, coalesce(r.status, '') AS status, '' AS tier
UNION ALL
MATCH (a:Person)-[r:REPORTS_TO]->(b:Region) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Region' AS target_label,
       'REPORTS_TO' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
MATCH (a:Person)-[r:CONTACTS]->(b:Region) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Region' AS target_label,
       'CONTACTS' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
MATCH (a:Person)-[r:WORKS_AT]->(b:Enterprise) WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Enterprise' AS target_label,
       'WORKS_AT' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
