// name: coverage/street_committee_short_of_members
// description: Street working committees (街道大工委) with fewer than min_part_time_members Persons who LEADS them as part_time_member (兼职委员).
// param: min_part_time_members int = 3 -- part-time members a street committee must have
// returns: id, name, part_time_members
MATCH (o:OrgUnit {kind: 'street_committee'})
OPTIONAL MATCH (p:Person)-[l:LEADS]->(o)
WHERE l.role = 'part_time_member'
WITH o, count(DISTINCT p) AS members
WHERE members < $min_part_time_members
RETURN o.id AS id, o.name AS name, members AS part_time_members
ORDER BY id
