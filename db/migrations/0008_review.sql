CREATE TYPE "public"."evidence_request_status" AS ENUM('open', 'answered', 'closed');--> statement-breakpoint
CREATE TABLE "consensus_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"value" double precision NOT NULL,
	"rationale" text NOT NULL,
	"set_by_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consensus_scores_value_check" CHECK ("consensus_scores"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "evidence_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"message" text NOT NULL,
	"due_on" date NOT NULL,
	"status" "evidence_request_status" DEFAULT 'open' NOT NULL,
	"created_by_user_id" uuid,
	"answer_note" text,
	"answer_evidence_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"answered_by_user_id" uuid,
	"answered_at" timestamp with time zone,
	"closed_by_user_id" uuid,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "numeric_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"value" double precision NOT NULL,
	"profile_field" "profile_value_field",
	"copied_at" timestamp with time zone,
	"updated_by_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "numeric_values_positive_check" CHECK ("numeric_values"."value" > 0)
);
--> statement-breakpoint
ALTER TABLE "consensus_scores" ADD CONSTRAINT "consensus_scores_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consensus_scores" ADD CONSTRAINT "consensus_scores_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consensus_scores" ADD CONSTRAINT "consensus_scores_candidate_id_evaluation_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."evaluation_candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consensus_scores" ADD CONSTRAINT "consensus_scores_criterion_id_evaluation_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."evaluation_criteria"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consensus_scores" ADD CONSTRAINT "consensus_scores_set_by_user_id_users_id_fk" FOREIGN KEY ("set_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_requests" ADD CONSTRAINT "evidence_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_requests" ADD CONSTRAINT "evidence_requests_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_requests" ADD CONSTRAINT "evidence_requests_candidate_id_evaluation_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."evaluation_candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_requests" ADD CONSTRAINT "evidence_requests_criterion_id_evaluation_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."evaluation_criteria"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_requests" ADD CONSTRAINT "evidence_requests_partner_id_organisations_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_requests" ADD CONSTRAINT "evidence_requests_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_requests" ADD CONSTRAINT "evidence_requests_answered_by_user_id_users_id_fk" FOREIGN KEY ("answered_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_requests" ADD CONSTRAINT "evidence_requests_closed_by_user_id_users_id_fk" FOREIGN KEY ("closed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "numeric_values" ADD CONSTRAINT "numeric_values_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "numeric_values" ADD CONSTRAINT "numeric_values_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "numeric_values" ADD CONSTRAINT "numeric_values_candidate_id_evaluation_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."evaluation_candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "numeric_values" ADD CONSTRAINT "numeric_values_criterion_id_evaluation_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."evaluation_criteria"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "numeric_values" ADD CONSTRAINT "numeric_values_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consensus_scores_one_idx" ON "consensus_scores" USING btree ("candidate_id","criterion_id");--> statement-breakpoint
CREATE INDEX "consensus_scores_evaluation_idx" ON "consensus_scores" USING btree ("evaluation_id");--> statement-breakpoint
CREATE INDEX "evidence_requests_buyer_idx" ON "evidence_requests" USING btree ("organisation_id","evaluation_id");--> statement-breakpoint
CREATE INDEX "evidence_requests_partner_idx" ON "evidence_requests" USING btree ("partner_id","status");--> statement-breakpoint
CREATE INDEX "evidence_requests_candidate_idx" ON "evidence_requests" USING btree ("candidate_id","criterion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "numeric_values_one_idx" ON "numeric_values" USING btree ("candidate_id","criterion_id");--> statement-breakpoint
CREATE INDEX "numeric_values_evaluation_idx" ON "numeric_values" USING btree ("evaluation_id");