// name: pairing/centre_branches
// description: Centre villages' branches with their secretary (the first by id, if several) and the committees they belong to (town, street or park), for the 联村党总支 a plan sets up over each cluster.
// param: ids list -- the centre branches' ids
// returns: branch, secretary, parents
MATCH (b:OrgUnit) WHERE b.id IN $ids
OPTIONAL MATCH (p:Person)-[:LEADS {role: 'secretary'}]->(b)
WITH b, min(p.id) AS secretary
OPTIONAL MATCH (b)-[:MEMBER_OF]->(t:OrgUnit)
WHERE t.kind IN ['town_committee', 'street_committee', 'park_committee']
RETURN b.id AS branch, secretary, collect(t.id) AS parents
ORDER BY branch
