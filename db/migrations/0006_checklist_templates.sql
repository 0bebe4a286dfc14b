CREATE TYPE "public"."criterion_kind" AS ENUM('rated', 'numeric');--> statement-breakpoint
CREATE TYPE "public"."criterion_direction" AS ENUM('lower', 'higher');--> statement-breakpoint
CREATE TYPE "public"."profile_value_field" AS ENUM('p1_response_minutes', 'p1_resolution_hours', 'warranty_days');--> statement-breakpoint
CREATE TYPE "public"."suggestion_rule" AS ENUM('tier', 'specialization_coverage', 'comparable_references', 'provider_breadth', 'support_terms');--> statement-breakpoint
CREATE TABLE "checklist_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"copied_from" text,
	"created_by_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "template_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"question" text NOT NULL,
	"kind" "criterion_kind" NOT NULL,
	"weight" double precision NOT NULL,
	"max" integer DEFAULT 5 NOT NULL,
	"rubric_low" text DEFAULT '' NOT NULL,
	"rubric_middle" text DEFAULT '' NOT NULL,
	"rubric_high" text DEFAULT '' NOT NULL,
	"knockout" double precision,
	"suggestion_rule" "suggestion_rule",
	"unit" text,
	"direction" "criterion_direction",
	"profile_field" "profile_value_field",
	CONSTRAINT "template_criteria_weight_check" CHECK ("template_criteria"."weight" >= 0),
	CONSTRAINT "template_criteria_max_check" CHECK ("template_criteria"."max" between 1 and 100),
	CONSTRAINT "template_criteria_kind_check" CHECK (("template_criteria"."kind" = 'rated' and "template_criteria"."direction" is null and "template_criteria"."unit" is null)
        or ("template_criteria"."kind" = 'numeric' and "template_criteria"."direction" is not null and "template_criteria"."knockout" is null and "template_criteria"."suggestion_rule" is null))
);
--> statement-breakpoint
CREATE TABLE "template_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"weight" double precision NOT NULL,
	CONSTRAINT "template_sections_weight_check" CHECK ("template_sections"."weight" >= 0)
);
--> statement-breakpoint
ALTER TABLE "checklist_templates" ADD CONSTRAINT "checklist_templates_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_templates" ADD CONSTRAINT "checklist_templates_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_criteria" ADD CONSTRAINT "template_criteria_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_criteria" ADD CONSTRAINT "template_criteria_template_id_checklist_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."checklist_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_criteria" ADD CONSTRAINT "template_criteria_section_id_template_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."template_sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_sections" ADD CONSTRAINT "template_sections_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_sections" ADD CONSTRAINT "template_sections_template_id_checklist_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."checklist_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checklist_templates_org_idx" ON "checklist_templates" USING btree ("organisation_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "template_criteria_position_idx" ON "template_criteria" USING btree ("section_id","position");--> statement-breakpoint
CREATE INDEX "template_criteria_template_idx" ON "template_criteria" USING btree ("template_id");--> statement-breakpoint
CREATE UNIQUE INDEX "template_sections_position_idx" ON "template_sections" USING btree ("template_id","position");