// name: maps/links_touching_many
// description: maps/links_touching for many ids (hundreds or more): the same rows, except that a relationship between two given nodes comes twice. Two branches per type and endpoint pair of the model, one per end, each joining the ids (`coalesce` gives an empty or null list its type on LadybugDB) to the relationships (on LadybugDB a hash join, whose cost hardly grows with the ids, where `IN $ids` is tested row by row against the whole list).
// param: ids list -- the node ids
// returns: source, source_label, target, target_label, type, mode, role, status, tier
UNWIND coalesce($ids, ['']) AS id MATCH (a:Region {id: id})-[r:PART_OF]->(b:Region)
RETURN a.id AS source, 'Region' AS source_label, b.id AS target, 'Region' AS target_label,
       'PART_OF' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Region)-[r:PART_OF]->(b:Region {id: id})
RETURN a.id AS source, 'Region' AS source_label, b.id AS target, 'Region' AS target_label,
       'PART_OF' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person {id: id})-[r:MEMBER_OF]->(b:OrgUnit)
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'MEMBER_OF' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person)-[r:MEMBER_OF]->(b:OrgUnit {id: id})
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'MEMBER_OF' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:OrgUnit {id: id})-[r:MEMBER_OF]->(b:OrgUnit)
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'MEMBER_OF' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:OrgUnit)-[r:MEMBER_OF]->(b:OrgUnit {id: id})
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'MEMBER_OF' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Enterprise {id: id})-[r:MEMBER_OF]->(b:IndustryChain)
RETURN a.id AS source, 'Enterprise' AS source_label, b.id AS target, 'IndustryChain' AS target_label,
       'MEMBER_OF' AS type, '' AS mode, '' AS role, '' AS status, coalesce(r.tier, '') AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Enterprise)-[r:MEMBER_OF]->(b:IndustryChain {id: id})
RETURN a.id AS source, 'Enterprise' AS source_label, b.id AS target, 'IndustryChain' AS target_label,
       'MEMBER_OF' AS type, '' AS mode, '' AS role, '' AS status, coalesce(r.tier, '') AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person {id: id})-[r:LEADS]->(b:OrgUnit)
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'LEADS' AS type, '' AS mode, coalesce(r.role, '') AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person)-[r:LEADS]->(b:OrgUnit {id: id})
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'LEADS' AS type, '' AS mode, coalesce(r.role, '') AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Enterprise {id: id})-[r:LEADS]->(b:IndustryChain)
RETURN a.id AS source, 'Enterprise' AS source_label, b.id AS target, 'IndustryChain' AS target_label,
       'LEADS' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Enterprise)-[r:LEADS]->(b:IndustryChain {id: id})
RETURN a.id AS source, 'Enterprise' AS source_label, b.id AS target, 'IndustryChain' AS target_label,
       'LEADS' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:OrgUnit {id: id})-[r:LEADS]->(b:OrgUnit)
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'LEADS' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:OrgUnit)-[r:LEADS]->(b:OrgUnit {id: id})
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'LEADS' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:OrgUnit {id: id})-[r:CO_BUILDS]->(b:OrgUnit)
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'CO_BUILDS' AS type, coalesce(r.mode, '') AS mode, '' AS role, coalesce(r.status, '') AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:OrgUnit)-[r:CO_BUILDS]->(b:OrgUnit {id: id})
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'OrgUnit' AS target_label,
       'CO_BUILDS' AS type, coalesce(r.mode, '') AS mode, '' AS role, coalesce(r.status, '') AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:OrgUnit {id: id})-[r:BASED_IN]->(b:Region)
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'Region' AS target_label,
       'BASED_IN' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:OrgUnit)-[r:BASED_IN]->(b:Region {id: id})
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'Region' AS target_label,
       'BASED_IN' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:OrgUnit {id: id})-[r:BASED_IN]->(b:Enterprise)
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'Enterprise' AS target_label,
       'BASED_IN' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:OrgUnit)-[r:BASED_IN]->(b:Enterprise {id: id})
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'Enterprise' AS target_label,
       'BASED_IN' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:OrgUnit {id: id})-[r:BASED_IN]->(b:IndustryChain)
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'IndustryChain' AS target_label,
       'BASED_IN' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:OrgUnit)-[r:BASED_IN]->(b:IndustryChain {id: id})
RETURN a.id AS source, 'OrgUnit' AS source_label, b.id AS target, 'IndustryChain' AS target_label,
       'BASED_IN' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Enterprise {id: id})-[r:LOCATED_IN]->(b:Region)
RETURN a.id AS source, 'Enterprise' AS source_label, b.id AS target, 'Region' AS target_label,
       'LOCATED_IN' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Enterprise)-[r:LOCATED_IN]->(b:Region {id: id})
RETURN a.id AS source, 'Enterprise' AS source_label, b.id AS target, 'Region' AS target_label,
       'LOCATED_IN' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Enterprise {id: id})-[r:SUPPLIES]->(b:Enterprise)
RETURN a.id AS source, 'Enterprise' AS source_label, b.id AS target, 'Enterprise' AS target_label,
       'SUPPLIES' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Enterprise)-[r:SUPPLIES]->(b:Enterprise {id: id})
RETURN a.id AS source, 'Enterprise' AS source_label, b.id AS target, 'Enterprise' AS target_label,
       'SUPPLIES' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person {id: id})-[r:STATIONED_IN]->(b:Region)
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Region' AS target_label,
       'STATIONED_IN' AS type, '' AS mode, coalesce(r.role, '') AS role, coalesce(r.status, '') AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person)-[r:STATIONED_IN]->(b:Region {id: id})
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Region' AS target_label,
       'STATIONED_IN' AS type, '' AS mode, coalesce(r.role, '') AS role, coalesce(r.status, '') AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person {id: id})-[r:STATIONED_IN]->(b:Enterprise)
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Enterprise' AS target_label,
       'STATIONED_IN' AS type, '' AS mode, coalesce(r.role, '') AS role, coalesce(r.status, '') AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person)-[r:STATIONED_IN]->(b:Enterprise {id: id})
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Enterprise' AS target_label,
       'STATIONED_IN' AS type, '' AS mode, coalesce(r.role, '') AS role, coalesce(r.status, '') AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person {id: id})-[r:REPORTS_TO]->(b:Region)
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Region' AS target_label,
       'REPORTS_TO' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person)-[r:REPORTS_TO]->(b:Region {id: id})
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Region' AS target_label,
       'REPORTS_TO' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person {id: id})-[r:CONTACTS]->(b:Region)
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Region' AS target_label,
       'CONTACTS' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person)-[r:CONTACTS]->(b:Region {id: id})
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Region' AS target_label,
       'CONTACTS' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person {id: id})-[r:WORKS_AT]->(b:Enterprise)
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Enterprise' AS target_label,
       'WORKS_AT' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
UNION ALL
UNWIND coalesce($ids, ['']) AS id MATCH (a:Person)-[r:WORKS_AT]->(b:Enterprise {id: id})
RETURN a.id AS source, 'Person' AS source_label, b.id AS target, 'Enterprise' AS target_label,
       'WORKS_AT' AS type, '' AS mode, '' AS role, '' AS status, '' AS tier
