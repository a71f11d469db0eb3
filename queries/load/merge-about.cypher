// $rows: [{docId, place}]
UNWIND $rows AS row
MATCH (d:Document {id: row.docId}), (p:Place {code: row.place})
MERGE (d)-[:ABOUT]->(p);
