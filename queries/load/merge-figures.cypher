// $rows: [{id, docId, value, unit, category, metric, surface, year, approx, place, program, sentence, start, end}]
UNWIND $rows AS row
MATCH (d:Document {id: row.docId}), (p:Place {code: row.place})
MERGE (f:Figure {id: row.id})
SET f.value = toFloat(row.value), f.unit = row.unit, f.category = row.category, f.metric = row.metric,
    f.surface = row.surface, f.year = row.year, f.approx = row.approx, f.docId = row.docId
MERGE (f)-[:MEASURES]->(p)
MERGE (f)-[r:REPORTED_IN]->(d)
SET r.sentence = row.sentence, r.start = row.start, r.end = row.end
WITH f, row WHERE row.program IS NOT NULL
MATCH (g:Program {name: row.program})
MERGE (f)-[:FOR_PROGRAM]->(g);
