// name: rates/chains
// description: Each industry chain with its member enterprises (MEMBER_OF), its leading enterprises (LEADS) and whether each leader has an instructor stationed in it: what 产业链分档 counts over.
// returns: id, name, members, leaders, instructed
MATCH (c:IndustryChain)
OPTIONAL MATCH (e:Enterprise)-[:MEMBER_OF]->(c)
WITH c, count(DISTINCT e) AS members
OPTIONAL MATCH (l:Enterprise)-[:LEADS]->(c)
OPTIONAL MATCH (:Person)-[s:STATIONED_IN]->(l) WHERE s.role = 'instructor'
WITH c, members, l, count(s) AS instructors
RETURN c.id AS id, c.name AS name, members,
       collect(DISTINCT l.id) AS leaders,
       collect(DISTINCT CASE WHEN instructors > 0 THEN l.id END) AS instructed
ORDER BY id
