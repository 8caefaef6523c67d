// name: places/orgs_in_chains
// description: The organisations BASED_IN these industry chains (a chain committee lies where its chain lies). Rows in no order.
// param: ids list -- industry chain ids (;-separated)
// returns: id
UNWIND coalesce($ids, ['']) AS wanted
MATCH (:IndustryChain {id: wanted})<-[:BASED_IN]-(o:OrgUnit)
RETURN DISTINCT o.id AS id
