// name: coverage/org_without_secretary
// description: Organisations with no Person who LEADS them as secretary.
// returns: id, name, kind, deputies
MATCH (o:OrgUnit)
WHERE NOT EXISTS { MATCH (:Person)-[l:LEADS]->(o) WHERE l.role = 'secretary' }
OPTIONAL MATCH (d:Person)-[l:LEADS]->(o)
WHERE l.role = 'deputy_secretary'
RETURN o.id AS id, o.name AS name, o.kind AS kind, count(DISTINCT d) AS deputies
ORDER BY id
