// name: maps/enterprises_by_id
// description: The enterprises with these ids: what a map shows of them.
// param: ids list -- enterprise ids
// returns: id, name, kind, sector, employees, party_members
MATCH (n:Enterprise) WHERE n.id IN $ids
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.sector AS sector, n.employees AS employees,
       n.party_members AS party_members
