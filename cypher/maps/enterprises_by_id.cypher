// name: maps/enterprises_by_id
// description: The enterprises with these ids: what a map shows of them.
// param: ids list -- enterprise ids
// returns: id, name, kind, sector, employees, party_members
UNWIND coalesce($ids, ['']) AS wanted WITH DISTINCT wanted MATCH (n:Enterprise {id: wanted})
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.sector AS sector, n.employees AS employees,
       n.party_members AS party_members
