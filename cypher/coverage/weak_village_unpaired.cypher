// name: coverage/weak_village_unpaired
// description: Villages to be led in cross-village co-building (weak: flagged or weak_max_stars stars or fewer; collective income below poor_income_below; fewer than small_households households and willing to join; score_industry below weak_industry_score; never a five-star unflagged village) whose branch has no village-to-village CO_BUILDS (either direction, any status: a proposed pair counts) and is not MEMBER_OF a joint_village_branch (跨村联建). A co-building with an enterprise or agency does not count. A village without a branch is reported with branch empty.
// 说明: 未与其他党组织结对共建、也未纳入联村党总支的弱村
// param: weak_max_stars int = 2 -- a village branch with this many stars or fewer is weak
// param: poor_income_below float = 10.0 -- collective income (万元 a year) below which the economy is weak
// param: small_households int = 300 -- fewer households and willing to join: a small village to take in
// param: weak_industry_score float = 0.0 -- score_industry below this is a poor industry base (0 = off)
// param: within str -- a region id: only villages at or below it (the coverage of one place); empty for all
// returns: id, name, branch, weak, stars, collective_income, households
MATCH (v:Region {kind: 'village'})
WHERE coalesce($within, '') = '' OR EXISTS { MATCH (v)-[:PART_OF*0..]->(:Region {id: $within}) }
OPTIONAL MATCH (b:OrgUnit {kind: 'village_branch'})-[:BASED_IN]->(v)
WITH v, b,
     EXISTS { MATCH (b)-[:CO_BUILDS]-(:OrgUnit {kind: 'village_branch'}) }
       OR EXISTS { MATCH (b)-[:MEMBER_OF]->(:OrgUnit {kind: 'joint_village_branch'}) } AS paired
WITH v, collect(b.id) AS branches, max(CASE WHEN coalesce(b.weak, false) THEN 1 ELSE 0 END) = 1 AS flagged,
     min(b.stars) AS stars, max(CASE WHEN paired THEN 1 ELSE 0 END) = 1 AS paired
WHERE NOT paired
  AND NOT (NOT flagged AND coalesce(stars, 0) = 5)
  AND (flagged OR coalesce(stars, 99) <= $weak_max_stars
       OR coalesce(v.collective_income, $poor_income_below) < $poor_income_below
       OR (coalesce(v.willing_to_join, false) AND coalesce(v.households, $small_households) < $small_households)
       OR coalesce(v.score_industry, $weak_industry_score) < $weak_industry_score)
RETURN v.id AS id, v.name AS name, branches AS branch, flagged AS weak, stars,
       v.collective_income AS collective_income, v.households AS households
ORDER BY id
