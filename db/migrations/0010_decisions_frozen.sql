-- A decision's record is frozen: the database itself refuses to change it (DESIGN.md "Decision").
CREATE OR REPLACE FUNCTION decisions_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'decisions are frozen: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
  FOR EACH ROW EXECUTE FUNCTION decisions_refuse_update();
