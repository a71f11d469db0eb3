// Program reach across cities: for each prefecture-level city and program, the distinct
// counties, townships and villages reached, the documents, and the summed funds (元) and
// beneficiaries (人 / 户) reported for that program there.
// @param program program? a program name; omit for all (example: 产业扶贫)
MATCH (prog:Program)-[r:IMPLEMENTED_IN]->(p:Place)
WHERE $program IS NULL OR prog.name = $program
MATCH (p)-[:PART_OF*0..3]->(city:Prefecture)
WITH city, prog, collect(DISTINCT p) AS reached, collect(DISTINCT r.docId) AS docs
CALL (city, prog) {
  OPTIONAL MATCH (f:Figure)-[:FOR_PROGRAM]->(prog)
  OPTIONAL MATCH (f)-[:MEASURES]->(:Place)-[:PART_OF*0..3]->(city)
  WITH DISTINCT f WHERE f IS NOT NULL AND EXISTS { (f)-[:MEASURES]->(:Place)-[:PART_OF*0..3]->(city) }
  RETURN sum(CASE WHEN f.unit = '元' THEN f.value ELSE 0 END) AS funds,
         sum(CASE WHEN f.unit IN ['人', '人次'] AND f.category IN ['beneficiaries', 'employment'] THEN f.value ELSE 0 END) AS people,
         sum(CASE WHEN f.unit = '户' AND f.category = 'beneficiaries' THEN f.value ELSE 0 END) AS households
}
RETURN city.name AS city, city.code AS cityCode, prog.name AS program,
       size(reached) AS places,
       size([x IN reached WHERE x:County]) AS counties,
       size([x IN reached WHERE x:Township]) AS townships,
       size([x IN reached WHERE x:Village]) AS villages,
       size(docs) AS documents, funds AS fundsYuan, people AS beneficiaries, households AS beneficiaryHouseholds
ORDER BY city, program
