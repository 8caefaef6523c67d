// name: pairing/propose
// description: Write one proposed strong-weak co-building pair from a centre's branch to a weak village's branch. Idempotent, and one CO_BUILDS per pair as loads keep it: an existing pair is never duplicated, and only a proposed strong-weak pair gets the new year.
// param: centre_branch str -- the centre village's branch id
// param: village_branch str -- the weak village's branch id
// param: since int -- the year the pair starts
// returns: centre_branch, village_branch
MATCH (a:OrgUnit {id: $centre_branch, kind: 'village_branch'})
MATCH (b:OrgUnit {id: $village_branch, kind: 'village_branch'})
MERGE (a)-[e:CO_BUILDS]->(b)
ON CREATE SET e.mode = 'strong_weak', e.status = 'proposed', e.since = $since
ON MATCH SET e.since = CASE WHEN e.status = 'proposed' AND e.mode = 'strong_weak' THEN $since ELSE e.since END
RETURN a.id AS centre_branch, b.id AS village_branch
