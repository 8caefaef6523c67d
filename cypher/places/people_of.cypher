// name: places/people_of
// description: The persons MEMBER_OF these organisations or WORKS_AT these enterprises, by key: a person lies where their organisation or employer lies, so with places/below these are every person who may lie in a region. Rows in no order.
// param: ids list -- organisation and enterprise ids (;-separated)
// returns: id
UNWIND coalesce($ids, ['']) AS wanted
MATCH (:OrgUnit {id: wanted})<-[:MEMBER_OF]-(p:Person)
RETURN DISTINCT p.id AS id
UNION
UNWIND coalesce($ids, ['']) AS wanted
MATCH (:Enterprise {id: wanted})<-[:WORKS_AT]-(p:Person)
RETURN DISTINCT p.id AS id
