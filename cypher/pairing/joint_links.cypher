// name: pairing/joint_links
// description: The MEMBER_OF links of a proposed joint-village branch: each link from a child organisation (a partner village's branch; the branch itself under its committee) to its parent.
// param: links list -- maps {child, parent} of organisation ids
// returns: child, parent
UNWIND $links AS link
MATCH (a:OrgUnit {id: link.child}), (b:OrgUnit {id: link.parent})
CREATE (a)-[:MEMBER_OF]->(b)
RETURN a.id AS child, b.id AS parent
