// The money figures reported for each program in each prefecture-level city, with the
// sentence and document each comes from (the funds behind program-reach-by-city).
// @param program program? a program name; omit for all (example: 产业扶贫)
MATCH (f:Figure {unit: '元'})-[:FOR_PROGRAM]->(prog:Program)
WHERE $program IS NULL OR prog.name = $program
MATCH (f)-[:MEASURES]->(p:Place)-[:PART_OF*0..3]->(city:Prefecture)
MATCH (f)-[r:REPORTED_IN]->(d:Document)
RETURN city.name AS city, city.code AS cityCode, prog.name AS program, f.id AS figure, f.value AS value,
       f.surface AS surface, f.metric AS metric, f.year AS year, p.name AS place, d.id AS document,
       r.sentence AS evidence, r.start AS start, r.end AS end
ORDER BY city, program, value DESC
