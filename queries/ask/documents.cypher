// The loaded documents: subject, report year, flags and what each contributed.
MATCH (d:Document)
OPTIONAL MATCH (d)-[:ABOUT]->(s:Place)
RETURN d.id AS document, d.title AS title, s.name AS subject, d.reportYear AS year, d.digitsDamaged AS damaged,
       COUNT { (d)-[:MENTIONS]->(:Place) } AS places, COUNT { (d)-[:MENTIONS]->(:Program) } AS programs,
       COUNT { (d)-[:MENTIONS]->(:Policy) } AS policies, COUNT { (:Figure)-[:REPORTED_IN]->(d) } AS figures
ORDER BY document
