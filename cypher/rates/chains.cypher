// name: rates/chains
// description: Each industry chain with its member enterprises (MEMBER_OF) and its leading enterprises (LEADS): what 产业链分档 counts over (instructors in office: coverage/chain_leader_without_instructor).
// returns: id, name, members, leaders
MATCH (c:IndustryChain)
OPTIONAL MATCH (e:Enterprise)-[:MEMBER_OF]->(c)
WITH c, count(DISTINCT e) AS members
OPTIONAL MATCH (l:Enterprise)-[:LEADS]->(c)
RETURN c.id AS id, c.name AS name, members, collect(DISTINCT l.id) AS leaders
ORDER BY id
