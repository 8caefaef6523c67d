// name: places/below
// description: What may lie at or below a region, walking down from it by key: the regions PART_OF it (any depth), the enterprises LOCATED_IN those, the organisations BASED_IN either, and the chains those enterprises lead. With places/chain_orgs and places/orgs_under it bounds what the coverage of one region must place (every node that lies there is among them). Rows in no order.
// param: within str -- a region id
// returns: id, label
MATCH (:Region {id: $within})<-[:PART_OF*0..]-(r:Region)
RETURN r.id AS id, 'Region' AS label
UNION
MATCH (:Region {id: $within})<-[:PART_OF*0..]-(:Region)<-[:LOCATED_IN]-(e:Enterprise)
RETURN e.id AS id, 'Enterprise' AS label
UNION
MATCH (:Region {id: $within})<-[:PART_OF*0..]-(:Region)<-[:BASED_IN]-(o:OrgUnit)
RETURN o.id AS id, 'OrgUnit' AS label
UNION
MATCH (:Region {id: $within})<-[:PART_OF*0..]-(:Region)<-[:LOCATED_IN]-(:Enterprise)<-[:BASED_IN]-(o:OrgUnit)
RETURN o.id AS id, 'OrgUnit' AS label
UNION
MATCH (:Region {id: $within})<-[:PART_OF*0..]-(:Region)<-[:LOCATED_IN]-(:Enterprise)-[:LEADS]->(c:IndustryChain)
RETURN c.id AS id, 'IndustryChain' AS label
