// Program reach across cities: for each prefecture-level city and program, the distinct
// places below the city the program reached (counties, townships, villages; `cityItself`
// says whether the reports name the city itself), the documents that say so, and what the
// program brought: funds (元) and beneficiaries (人, 户), adding only what adds up (whole
// figures, each fact once: queries/fragments/totals.cypher). One row per city, program and
// year of the figures (year empty: no figure, or the report does not say); the reach columns
// repeat on each year's row.
// @param program program? a program name; omit for all (example: 产业扶贫)
MATCH (prog:Program)-[r:IMPLEMENTED_IN]->(p:Place)
WHERE $program IS NULL OR prog.name = $program
MATCH (p)-[:PART_OF*0..3]->(city:Prefecture)
WITH city, prog, collect(DISTINCT p) AS reached, collect(DISTINCT r.docId) AS reachDocs
WITH city AS scope, prog, reached, reachDocs
// @include fragments/totals
MATCH (scope)-[:PART_OF]->(province:Province)
RETURN province.name AS province, scope.name AS city, scope.code AS cityCode, prog.name AS program,
       size([x IN reached WHERE x <> scope]) AS places, scope IN reached AS cityItself,
       size([x IN reached WHERE x:County]) AS counties,
       size([x IN reached WHERE x:Township]) AS townships,
       size([x IN reached WHERE x:Village]) AS villages,
       size(reachDocs) AS documents,
       year, funds AS fundsYuan, fundsFigures, people AS beneficiaries, peopleFigures,
       households AS beneficiaryHouseholds, householdFigures, documents AS figureDocuments
ORDER BY province, city, program, year
