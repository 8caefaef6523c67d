// name: pairing/co_builds
// description: Co-building pairs between two village branches (supporter -> supported), with the villages they are based in.
// 说明: 两个村党组织之间的结对共建（帮带方 → 受帮带方）及其所在村
// returns: centre, village, centre_branch, village_branch, mode, status, since
MATCH (a:OrgUnit {kind: 'village_branch'})-[e:CO_BUILDS]->(b:OrgUnit {kind: 'village_branch'})
MATCH (a)-[:BASED_IN]->(av:Region {kind: 'village'})
MATCH (b)-[:BASED_IN]->(bv:Region {kind: 'village'})
RETURN av.id AS centre, bv.id AS village, a.id AS centre_branch, b.id AS village_branch,
       e.mode AS mode, coalesce(e.status, 'active') AS status, e.since AS since
ORDER BY centre, village, status
