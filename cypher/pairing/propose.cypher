// name: pairing/propose
// description: Write one proposed strong-weak co-building pair from a centre's branch to a weak village's branch (idempotent: MERGE).
// param: centre_branch str -- the centre village's branch id
// param: village_branch str -- the weak village's branch id
// param: since int -- the year the pair starts
// returns: centre_branch, village_branch
MATCH (a:OrgUnit {id: $centre_branch, kind: 'village_branch'})
MATCH (b:OrgUnit {id: $village_branch, kind: 'village_branch'})
MERGE (a)-[e:CO_BUILDS {mode: 'strong_weak', status: 'proposed'}]->(b)
SET e.since = $since
RETURN a.id AS centre_branch, b.id AS village_branch
