// $rows: [{docId, kind: 'place'|'program'|'policy', key, category, year, count, firstOffset}]
UNWIND $rows AS row
MATCH (d:Document {id: row.docId})
CALL (row) {
  WITH row WHERE row.kind = 'place'
  MATCH (t:Place {code: row.key})
  RETURN t
  UNION
  WITH row WHERE row.kind = 'program'
  MERGE (t:Program {name: row.key})
  SET t.category = row.category
  RETURN t
  UNION
  WITH row WHERE row.kind = 'policy'
  MERGE (t:Policy {title: row.key})
  RETURN t
}
MERGE (d)-[m:MENTIONS]->(t)
SET m.count = toInteger(row.count), m.firstOffset = toInteger(row.firstOffset), m.year = toInteger(row.year)
// A policy's year is the earliest any of its documents gives: the same whatever the load order.
WITH t, row WHERE row.kind = 'policy'
CALL (t) {
  MATCH (:Document)-[stated:MENTIONS]->(t)
  RETURN min(stated.year) AS year
}
SET t.year = year;
