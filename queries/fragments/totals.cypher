// fragments/totals: what one program (`prog`) brought to one place (`scope`) and the places
// below it, adding only what adds up:
// - funds: figures of category funds in 元; beneficiaries: categories beneficiaries and
//   employment, in 人 (人次 included) and in 户;
// - whole figures only (`countable`: no rate, per is null; no part of another figure, partOf
//   is null);
// - each fact once (`factKey`: same place, metric, year, value, unit and rate), however many
//   sentences or documents report it;
// - one row per year of the figures (year null: the report does not say); a total nobody
//   reported is null, never 0; each says how many figures and documents it rests on.
// In: scope (a Place), prog (a Program). Out: year, funds, fundsFigures, people, peopleFigures,
// households, householdFigures, figures, documents.
OPTIONAL CALL (scope, prog) {
  // From the places under the scope to their figures, not from the program to all of its
  // figures: a program's figures span the whole graph (over a hundred thousand at 100,000
  // reports), a scope's places are a few hundred, so a table of every city stays quick.
  MATCH (p:Place)-[:PART_OF*0..4]->(scope)
  WITH DISTINCT p, prog
  MATCH (p)<-[:MEASURES]-(f:Figure)-[:FOR_PROGRAM]->(prog)
  WHERE f.countable
    AND ((f.category = 'funds' AND f.unit = '元')
      OR (f.category IN ['beneficiaries', 'employment'] AND f.unit IN ['人', '人次', '户']))
  WITH DISTINCT f
  WITH f.factKey AS fact, collect(f) AS copies
  WITH copies[0] AS f, [c IN copies | c.docId] AS docs
  WITH f.year AS year,
       collect(CASE WHEN f.category = 'funds' THEN f.value END) AS money,
       collect(CASE WHEN f.unit IN ['人', '人次'] THEN f.value END) AS persons,
       collect(CASE WHEN f.unit = '户' THEN f.value END) AS homes,
       collect(docs) AS docLists
  WITH year, money, persons, homes, reduce(all = [], l IN docLists | all + [d IN l WHERE NOT d IN all]) AS docs
  RETURN year,
         CASE WHEN size(money) = 0 THEN null ELSE reduce(s = 0.0, v IN money | s + v) END AS funds, size(money) AS fundsFigures,
         CASE WHEN size(persons) = 0 THEN null ELSE reduce(s = 0, v IN persons | s + v) END AS people, size(persons) AS peopleFigures,
         CASE WHEN size(homes) = 0 THEN null ELSE reduce(s = 0, v IN homes | s + v) END AS households, size(homes) AS householdFigures,
         size(money) + size(persons) + size(homes) AS figures, size(docs) AS documents
}
