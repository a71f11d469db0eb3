// Where a fact came from: for a figure (by id) or a program–place edge, the document, the
// sentence and the character offsets in the original file.
// @param figure text? a figure id (example: 0c6f2d1e9a8b7c6d)
// @param program program? a program name, with place (example: 产业扶贫)
// @param place place? a place code or name, with program (example: 港南村)
CALL () {
  MATCH (f:Figure {id: $figure})-[r:REPORTED_IN]->(d:Document)
  RETURN 'figure ' + f.surface AS fact, d.id AS document, d.source AS source, r.sentence AS sentence, r.start AS start, r.end AS end
  UNION ALL
  MATCH (g:Program {name: $program})-[r:IMPLEMENTED_IN]->(p:Place {code: $place})
  MATCH (d:Document {id: r.docId})
  RETURN g.name + ' → ' + p.name AS fact, d.id AS document, d.source AS source, r.evidence AS sentence, r.start AS start, r.end AS end
}
RETURN fact, document, source, sentence, start, end
