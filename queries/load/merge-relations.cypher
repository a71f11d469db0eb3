// Fact edges, one per document that states them. $rows: [{type, docId, from, to, evidence, start, end}]
UNWIND $rows AS row
CALL (row) {
  WITH row WHERE row.type = 'ISSUED_BY'
  MATCH (a:Policy {title: row.from}), (b:Place {code: row.to})
  MERGE (a)-[r:ISSUED_BY {docId: row.docId}]->(b)
  SET r.evidence = row.evidence, r.start = toInteger(row.start), r.end = toInteger(row.end)
  UNION
  WITH row WHERE row.type = 'APPLIES_TO'
  MATCH (a:Policy {title: row.from}), (b:Place {code: row.to})
  MERGE (a)-[r:APPLIES_TO {docId: row.docId}]->(b)
  SET r.evidence = row.evidence, r.start = toInteger(row.start), r.end = toInteger(row.end)
  UNION
  WITH row WHERE row.type = 'IMPLEMENTED_IN'
  MATCH (a:Program {name: row.from}), (b:Place {code: row.to})
  MERGE (a)-[r:IMPLEMENTED_IN {docId: row.docId}]->(b)
  SET r.evidence = row.evidence, r.start = toInteger(row.start), r.end = toInteger(row.end)
};
