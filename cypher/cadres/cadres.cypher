// name: cadres/cadres
// description: Every person with a specialty (a cadre who could be stationed), with where they are based where the graph says: the region their party organisation is built in (home) and the region of the enterprise they work at (work). A person with several of either has a row for each.
// 说明: 有干部类别的人员（可选派的干部）及其派出单位所在地、工作单位所在地
// returns: id, name, specialty, home, home_name, home_lat, home_lon, work, work_name, work_lat, work_lon
// personal: name
MATCH (p:Person)
WHERE p.specialty IS NOT NULL
OPTIONAL MATCH (p)-[:MEMBER_OF]->(:OrgUnit)-[:BASED_IN]->(h:Region)
OPTIONAL MATCH (p)-[:WORKS_AT]->(:Enterprise)-[:LOCATED_IN]->(w:Region)
RETURN p.id AS id, p.name AS name, p.specialty AS specialty,
       h.id AS home, h.name AS home_name, h.lat AS home_lat, h.lon AS home_lon,
       w.id AS work, w.name AS work_name, w.lat AS work_lat, w.lon AS work_lon
ORDER BY id, home, work
