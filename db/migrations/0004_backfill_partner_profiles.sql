-- Every partner organisation has a profile row (its facts and the time any claim last changed).
INSERT INTO "partner_profiles" ("organisation_id")
SELECT "id" FROM "organisations" WHERE "kind" = 'partner'
ON CONFLICT ("organisation_id") DO NOTHING;
