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
  SET t.year = coalesce(t.year, toInteger(row.year))
  RETURN t
}
MERGE (d)-[m:MENTIONS]->(t)
SET m.count = toInteger(row.count), m.firstOffset = toInteger(row.firstOffset);
