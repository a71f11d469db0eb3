// $rows: [{key, code, name, level, parent, linked}]; a level label per place, PART_OF to the parent.
UNWIND $rows AS row
MERGE (p:Place {code: row.key})
SET p.name = row.name, p.level = row.level, p.linked = row.linked, p.divisionCode = row.code
// CN was a :Province before the :Nation label: an upgraded graph loses the old label.
FOREACH (_ IN CASE WHEN row.level = 'nation' THEN [1] ELSE [] END | SET p:Nation REMOVE p:Province)
FOREACH (_ IN CASE WHEN row.level = 'province' THEN [1] ELSE [] END | SET p:Province)
FOREACH (_ IN CASE WHEN row.level = 'prefecture' THEN [1] ELSE [] END | SET p:Prefecture)
FOREACH (_ IN CASE WHEN row.level = 'county' THEN [1] ELSE [] END | SET p:County)
FOREACH (_ IN CASE WHEN row.level = 'township' THEN [1] ELSE [] END | SET p:Township)
FOREACH (_ IN CASE WHEN row.level = 'village' THEN [1] ELSE [] END | SET p:Village)
WITH p, row WHERE row.parent IS NOT NULL
MERGE (parent:Place {code: row.parent})
MERGE (p)-[:PART_OF]->(parent);
