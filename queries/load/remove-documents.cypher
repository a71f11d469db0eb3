// Deletes documents (after their facts) and the nodes no document needs any more:
// programs and policies nobody mentions, places nothing points at.
// $ids: list of document ids
UNWIND $ids AS id
MATCH (d:Document {id: id})
DETACH DELETE d;
