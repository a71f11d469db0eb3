// $rows: [{id, docId, value, integral, unit, category, metric, surface, year, approx, per, partOf,
//          factKey, countable, place, program, sentence, start, end}]
// Whole counts (户, 人, 个 …), years and offsets are integers; money and measures are floats.
UNWIND $rows AS row
MATCH (d:Document {id: row.docId}), (p:Place {code: row.place})
MERGE (f:Figure {id: row.id})
SET f.value = CASE WHEN row.integral THEN toInteger(row.value) ELSE toFloat(row.value) END,
    f.unit = row.unit, f.category = row.category, f.metric = row.metric,
    f.surface = row.surface, f.year = toInteger(row.year), f.approx = row.approx, f.docId = row.docId,
    f.per = row.per, f.partOf = row.partOf, f.factKey = row.factKey, f.countable = row.countable
MERGE (f)-[:MEASURES]->(p)
MERGE (f)-[r:REPORTED_IN]->(d)
SET r.sentence = row.sentence, r.start = toInteger(row.start), r.end = toInteger(row.end)
WITH f, row WHERE row.program IS NOT NULL
MATCH (g:Program {name: row.program})
MERGE (f)-[:FOR_PROGRAM]->(g);
