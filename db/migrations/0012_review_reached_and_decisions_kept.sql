-- When an evaluation first reached review: the earliest audited move to review, else (for evaluations in review or
-- decided now, seeded without one) when their status last changed.
UPDATE evaluations e SET reached_review_at = coalesce(
  (SELECT min(a.at) FROM audit_events a
    WHERE a.entity_type = 'evaluation' AND a.entity_id = e.id::text
      AND a.action = 'evaluation.status_changed' AND a.after ->> 'status' = 'review'),
  CASE WHEN e.status IN ('review', 'decided') THEN e.status_changed_at END
);
--> statement-breakpoint
-- A decision is never deleted on its own (its record would vanish from a decided evaluation); it goes only with its
-- evaluation or organisation, through their foreign keys (nested trigger depth).
CREATE OR REPLACE FUNCTION decisions_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'decisions are frozen: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
  FOR EACH ROW EXECUTE FUNCTION decisions_refuse_delete();
