// name: cadres/stations
// description: Every station of a person (STATIONED_IN a region or an enterprise) with its role, since and status; target_kind is the region's kind, or 'enterprise'. Whether a term still runs is decided from since, until and the term length (notions.in_office).
// returns: person, target, target_kind, role, since, until, status
MATCH (p:Person)-[s:STATIONED_IN]->(r:Region)
RETURN p.id AS person, r.id AS target, r.kind AS target_kind, s.role AS role, s.since AS since, s.until AS until,
       coalesce(s.status, 'active') AS status
UNION ALL
MATCH (p:Person)-[s:STATIONED_IN]->(e:Enterprise)
RETURN p.id AS person, e.id AS target, 'enterprise' AS target_kind, s.role AS role,
       s.since AS since, s.until AS until, coalesce(s.status, 'active') AS status
