// The places a program reached inside one place (a city, a county), with the evidence.
// @param program program a program name (example: 产业扶贫)
// @param place place a code or a name (example: 阜阳市)
MATCH (root:Place {code: $place})
MATCH (p:Place)-[:PART_OF*0..4]->(root)
MATCH (prog:Program {name: $program})-[r:IMPLEMENTED_IN]->(p)
RETURN p.code AS code, p.name AS place, p.level AS level, r.docId AS document, r.evidence AS evidence
ORDER BY code
