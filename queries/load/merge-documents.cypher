// $rows: [{id, source, collection, textHash, title, contentHash, script, reportYear, publishedAt, digitsDamaged, outlet, url, pipelineVersion}], $now
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d.source = row.source, d.collection = row.collection, d.textHash = row.textHash, d.title = row.title, d.contentHash = row.contentHash, d.script = row.script,
    d.reportYear = toInteger(row.reportYear), d.publishedAt = CASE WHEN row.publishedAt IS NULL THEN null ELSE date(row.publishedAt) END,
    d.digitsDamaged = row.digitsDamaged, d.outlet = row.outlet, d.url = row.url,
    d.pipelineVersion = row.pipelineVersion, d.ingestedAt = datetime($now);
