// name: pairing/withdraw
// description: Delete one proposed strong-weak co-building pair between two branches (a proposal the new plan replaces); active pairs are never touched.
// param: centre_branch str -- the supporter's branch id
// param: village_branch str -- the supported branch id
// returns: withdrawn
MATCH (a:OrgUnit {id: $centre_branch})-[e:CO_BUILDS]->(b:OrgUnit {id: $village_branch})
WHERE e.status = 'proposed' AND e.mode = 'strong_weak'
DELETE e
RETURN count(*) AS withdrawn
