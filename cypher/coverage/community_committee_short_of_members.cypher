// name: coverage/community_committee_short_of_members
// description: Community committees (社区大党委) with fewer than min_part_time_members Persons who LEADS them as part_time_member (兼职委员).
// 说明: 兼职委员少于规定人数的社区党委（大党委）
// param: min_part_time_members int = 3 -- part-time members a community committee must have
// returns: id, name, part_time_members
MATCH (o:OrgUnit {kind: 'community_committee'})
OPTIONAL MATCH (p:Person)-[l:LEADS]->(o)
WHERE l.role = 'part_time_member'
WITH o, count(DISTINCT p) AS members
WHERE members < $min_part_time_members
RETURN o.id AS id, o.name AS name, members AS part_time_members
ORDER BY id
