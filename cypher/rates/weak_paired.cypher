// name: rates/weak_paired
// description: Weak villages (the village notion of orggraph/notions.py, as coverage/weak_village_unpaired reads it): what 弱村联建率 counts over.
// param: weak_max_stars int = 2 -- a village branch with this many stars or fewer is weak
// param: poor_income_below float = 10.0 -- collective income (万元 a year) below which the economy is weak
// param: small_households int = 300 -- fewer households and willing to join: a small village to take in
// param: weak_industry_score float = 0.0 -- score_industry below this is a poor industry base (0 = off)
// returns: id
MATCH (v:Region {kind: 'village'})
OPTIONAL MATCH (b:OrgUnit {kind: 'village_branch'})-[:BASED_IN]->(v)
WITH v, max(CASE WHEN coalesce(b.weak, false) THEN 1 ELSE 0 END) = 1 AS flagged, min(b.stars) AS stars
WHERE NOT (NOT flagged AND coalesce(stars, 0) = 5)
  AND (flagged OR coalesce(stars, 99) <= $weak_max_stars
       OR coalesce(v.collective_income, $poor_income_below) < $poor_income_below
       OR (coalesce(v.willing_to_join, false) AND coalesce(v.households, $small_households) < $small_households)
       OR coalesce(v.score_industry, $weak_industry_score) < $weak_industry_score)
RETURN v.id AS id
ORDER BY id
