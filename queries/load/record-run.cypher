// $run: {id, startedAt, finishedAt, status, ...counts}; $docIds: documents this run wrote
MERGE (r:Run {id: $run.id})
SET r += $run, r.startedAt = datetime($run.startedAt), r.finishedAt = datetime($run.finishedAt)
WITH r
UNWIND $docIds AS id
MATCH (d:Document {id: id})
OPTIONAL MATCH (:Run)-[old:PROCESSED]->(d)
DELETE old
MERGE (r)-[:PROCESSED]->(d);
