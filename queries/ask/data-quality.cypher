// Data quality: documents whose digits were stripped, places that could not be linked to a
// division code, and what the last run rejected (details in its run report's quarantine file).
CALL () {
  MATCH (d:Document {digitsDamaged: true})
  RETURN 'damaged document' AS issue, d.id AS item, d.title AS detail
  UNION ALL
  MATCH (p:Place {linked: false})
  RETURN 'unlinked place' AS issue, p.code AS item, p.name AS detail
  UNION ALL
  MATCH (r:Run) WITH r ORDER BY r.startedAt DESC LIMIT 1
  RETURN 'last run' AS issue, r.id AS item,
         r.status + ': ' + toString(r.failed) + ' failed, ' + toString(r.quarantined) + ' quarantined, ' + toString(r.loaded) + ' loaded' AS detail
}
RETURN issue, item, detail
