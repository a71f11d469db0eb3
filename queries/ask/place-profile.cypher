// Everything known about one place: its parents, the programs and policies that reached it,
// its figures (values as numbers, with their year, unit and sentence), and the documents that
// mention it. Sorted by kind (parent, program, policy, figure, mentioned in), then year and item.
// @param place place a code or a name (example: 金寨县)
MATCH (p:Place {code: $place})
CALL (p) {
  MATCH path = (p)-[:PART_OF*1..5]->(a:Place)
  RETURN 1 AS rank, 'parent' AS kind, a.name AS item, null AS year, null AS value, null AS unit, a.level AS detail, null AS evidence, null AS document, length(path) AS within
  UNION ALL
  MATCH (g:Program)-[r:IMPLEMENTED_IN]->(p)
  RETURN 2 AS rank, 'program' AS kind, g.name AS item, null AS year, null AS value, null AS unit, null AS detail, r.evidence AS evidence, r.docId AS document, 0 AS within
  UNION ALL
  MATCH (pol:Policy)-[r:APPLIES_TO]->(p)
  RETURN 3 AS rank, 'policy' AS kind, pol.title AS item, pol.year AS year, null AS value, null AS unit, null AS detail, r.evidence AS evidence, r.docId AS document, 0 AS within
  UNION ALL
  MATCH (f:Figure)-[:MEASURES]->(p)
  MATCH (f)-[r:REPORTED_IN]->(:Document)
  RETURN 4 AS rank, 'figure' AS kind, f.metric AS item, f.year AS year, f.value AS value, f.unit AS unit,
         f.category + CASE WHEN f.per IS NULL THEN '' ELSE ' per ' + f.per END AS detail, r.sentence AS evidence, f.docId AS document, 0 AS within
  UNION ALL
  MATCH (d:Document)-[m:MENTIONS]->(p)
  RETURN 5 AS rank, 'mentioned in' AS kind, d.title AS item, d.reportYear AS year, m.count AS value, '次' AS unit, null AS detail, null AS evidence, d.id AS document, 0 AS within
}
RETURN kind, item, year, value, unit, detail, evidence, document
ORDER BY rank, within, year, item, value
