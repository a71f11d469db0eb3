// Program reach across counties (the county-level table beside program-reach-by-city): for
// each county and program, the townships and villages below it the program reached, the
// documents, and the funds (元) and beneficiaries (人, 户) it brought, adding only what adds up
// (queries/fragments/totals.cypher). One row per county, program and year of the figures.
// @param program program? a program name; omit for all (example: 产业扶贫)
MATCH (prog:Program)-[r:IMPLEMENTED_IN]->(p:Place)
WHERE $program IS NULL OR prog.name = $program
MATCH (p)-[:PART_OF*0..2]->(county:County)
WITH county, prog, collect(DISTINCT p) AS reached, collect(DISTINCT r.docId) AS reachDocs
WITH county AS scope, prog, reached, reachDocs
// @include fragments/totals
MATCH (scope)-[:PART_OF]->(city:Place)-[:PART_OF*0..1]->(province:Province)
RETURN province.name AS province, city.name AS city, scope.name AS county, scope.code AS countyCode, prog.name AS program,
       size([x IN reached WHERE x <> scope]) AS places, scope IN reached AS countyItself,
       size([x IN reached WHERE x:Township]) AS townships,
       size([x IN reached WHERE x:Village]) AS villages,
       size(reachDocs) AS documents,
       year, funds AS fundsYuan, fundsFigures, people AS beneficiaries, peopleFigures,
       households AS beneficiaryHouseholds, householdFigures, documents AS figureDocuments
ORDER BY province, city, county, program, year
