// The loaded documents with what an incremental run compares: content hash, pipeline
// version, normalised-text hash (duplicates), and the collection and path they came from.
MATCH (d:Document)
RETURN d.id AS id, d.contentHash AS contentHash, d.pipelineVersion AS pipelineVersion, d.source AS source,
       d.collection AS collection, d.textHash AS textHash;
