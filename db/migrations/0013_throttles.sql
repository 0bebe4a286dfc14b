ALTER TABLE "sign_in_failures" RENAME TO "throttle_events";--> statement-breakpoint
ALTER TABLE "throttle_events" DROP CONSTRAINT "sign_in_failures_scope_check";--> statement-breakpoint
DROP INDEX "sign_in_failures_lookup_idx";--> statement-breakpoint
CREATE INDEX "throttle_events_lookup_idx" ON "throttle_events" USING btree ("scope","key","created_at");--> statement-breakpoint
ALTER TABLE "throttle_events" ADD CONSTRAINT "throttle_events_scope_check" CHECK ("throttle_events"."scope" in ('account', 'address', 'sign-up', 'link', 'upload'));