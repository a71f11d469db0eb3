// Everything known about one place: its parents, the programs and policies that reached
// it, its figures, and the documents that mention it.
// @param place place a code or a name (example: 金寨县)
MATCH (p:Place {code: $place})
CALL (p) {
  MATCH (p)-[:PART_OF*1..4]->(a:Place)
  RETURN 'parent' AS kind, a.name AS item, a.level AS detail, null AS document
  UNION ALL
  MATCH (g:Program)-[r:IMPLEMENTED_IN]->(p)
  RETURN 'program' AS kind, g.name AS item, null AS detail, r.docId AS document
  UNION ALL
  MATCH (pol:Policy)-[r:APPLIES_TO]->(p)
  RETURN 'policy' AS kind, pol.title AS item, toString(pol.year) AS detail, r.docId AS document
  UNION ALL
  MATCH (f:Figure)-[:MEASURES]->(p)
  RETURN 'figure' AS kind, f.metric AS item, f.surface + ' (' + coalesce(toString(f.year), '?') + ')' AS detail, f.docId AS document
  UNION ALL
  MATCH (d:Document)-[m:MENTIONS]->(p)
  RETURN 'mentioned in' AS kind, d.title AS item, toString(m.count) + '×' AS detail, d.id AS document
}
RETURN kind, item, detail, document
