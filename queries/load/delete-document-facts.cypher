// Removes what the given documents contributed (figures, their edges, fact edges carrying
// their docId, mentions), keeping the Document nodes and shared Place/Program/Policy nodes.
// $ids: list of document ids
UNWIND $ids AS id
MATCH (d:Document {id: id})
OPTIONAL MATCH (f:Figure {docId: id})
DETACH DELETE f
WITH DISTINCT d, id
OPTIONAL MATCH (d)-[m:MENTIONS|ABOUT]->()
DELETE m
WITH DISTINCT id
// One type at a time, so each look-up uses its docId index.
CALL (id) { OPTIONAL MATCH ()-[r:APPLIES_TO {docId: id}]->() DELETE r }
CALL (id) { OPTIONAL MATCH ()-[r:IMPLEMENTED_IN {docId: id}]->() DELETE r }
CALL (id) { OPTIONAL MATCH ()-[r:ISSUED_BY {docId: id}]->() DELETE r };
