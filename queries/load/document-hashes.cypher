// The loaded documents with their content hash and pipeline version (incremental runs).
MATCH (d:Document) RETURN d.id AS id, d.contentHash AS contentHash, d.pipelineVersion AS pipelineVersion, d.source AS source;
