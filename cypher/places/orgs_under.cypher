// name: places/orgs_under
// description: The organisations MEMBER_OF these (one step down, by key; an organisation based nowhere lies where its higher organisation lies). Rows in no order.
// param: ids list -- organisation ids (;-separated)
// returns: id
UNWIND coalesce($ids, ['']) AS wanted
MATCH (:OrgUnit {id: wanted})<-[:MEMBER_OF]-(o:OrgUnit)
RETURN DISTINCT o.id AS id
