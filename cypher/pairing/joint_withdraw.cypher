// name: pairing/joint_withdraw
// description: Delete proposed joint-village branches (an earlier plan's 联村党总支) with every link they have; an existing (active) one is never touched.
// param: joints list -- the proposed joint branches' ids
// returns: withdrawn
UNWIND coalesce($joints, ['']) AS wanted WITH DISTINCT wanted
MATCH (j:OrgUnit {id: wanted, kind: 'joint_village_branch', status: 'proposed'})
DETACH DELETE j
RETURN count(*) AS withdrawn
