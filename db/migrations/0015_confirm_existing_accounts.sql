-- Accounts made before e-mail confirmation existed count as confirmed (docs/product.md "Mail").
UPDATE "users" SET "email_confirmed_at" = "created_at" WHERE "email_confirmed_at" IS NULL;
