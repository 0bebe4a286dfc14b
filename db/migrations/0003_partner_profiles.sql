CREATE TYPE "public"."document_kind" AS ENUM('policy', 'runbook', 'security_attestation', 'case_study', 'other');--> statement-breakpoint
CREATE TYPE "public"."headcount_band" AS ENUM('1-49', '50-249', '250-999', '1000-4999', '5000+');--> statement-breakpoint
CREATE TYPE "public"."maintenance_model" AS ENUM('partner_run', 'co_managed', 'handover');--> statement-breakpoint
CREATE TYPE "public"."partner_type" AS ENUM('systems_integrator', 'consultancy', 'technology', 'data');--> statement-breakpoint
CREATE TYPE "public"."model_provider" AS ENUM('openai', 'azure_openai', 'anthropic', 'google', 'aws_bedrock', 'meta_llama', 'mistral', 'cohere', 'other');--> statement-breakpoint
CREATE TYPE "public"."reference_status" AS ENUM('pilot', 'production', 'retired');--> statement-breakpoint
CREATE TYPE "public"."size_band" AS ENUM('<200', '200-999', '1k-5k', '5k-20k', '20k+');--> statement-breakpoint
CREATE TYPE "public"."support_hours" AS ENUM('business_hours', 'extended', '24x7');--> statement-breakpoint
CREATE TYPE "public"."network_tier" AS ENUM('none', 'select', 'advanced', 'elite');--> statement-breakpoint
CREATE TYPE "public"."use_case" AS ENUM('customer_service', 'software_engineering', 'document_processing', 'knowledge_search', 'workflow_agents', 'security_operations', 'other');--> statement-breakpoint
CREATE TABLE "certifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"track" text NOT NULL,
	"certified_staff" integer NOT NULL,
	"issued_on" date,
	"expires_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certifications_staff_check" CHECK ("certifications"."certified_staff" >= 0)
);
--> statement-breakpoint
CREATE TABLE "model_provider_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"provider" "model_provider" NOT NULL,
	"production_deployments" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_provider_claims_count_check" CHECK ("model_provider_claims"."production_deployments" >= 0)
);
--> statement-breakpoint
CREATE TABLE "network_memberships" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"tier" "network_tier" NOT NULL,
	"member_since" date,
	"forward_deployed_experts" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_profiles" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"partner_type" "partner_type",
	"hq_country" text,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"headcount_band" "headcount_band",
	"website" text,
	"description" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"profile_updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practice_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kind" "document_kind" NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"customer" text NOT NULL,
	"industry" text NOT NULL,
	"size_band" "size_band" NOT NULL,
	"use_case" "use_case" NOT NULL,
	"status" "reference_status" NOT NULL,
	"go_live_on" date,
	"providers" "model_provider"[] DEFAULT '{}' NOT NULL,
	"reference_contact" boolean DEFAULT false NOT NULL,
	"summary" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"metric" text NOT NULL,
	"baseline" double precision NOT NULL,
	"result" double precision NOT NULL,
	"unit" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "specializations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"achieved_on" date,
	"expires_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_terms" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"support_hours" "support_hours" NOT NULL,
	"p1_response_minutes" integer NOT NULL,
	"p1_resolution_hours" integer NOT NULL,
	"warranty_days" integer NOT NULL,
	"maintenance_model" "maintenance_model" NOT NULL,
	"rollback_runbook" boolean DEFAULT false NOT NULL,
	"monitoring_included" boolean DEFAULT false NOT NULL,
	"knowledge_transfer" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_provider_claims" ADD CONSTRAINT "model_provider_claims_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_memberships" ADD CONSTRAINT "network_memberships_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_profiles" ADD CONSTRAINT "partner_profiles_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_documents" ADD CONSTRAINT "practice_documents_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_deployments" ADD CONSTRAINT "reference_deployments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_outcomes" ADD CONSTRAINT "reference_outcomes_reference_id_reference_deployments_id_fk" FOREIGN KEY ("reference_id") REFERENCES "public"."reference_deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_outcomes" ADD CONSTRAINT "reference_outcomes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "specializations" ADD CONSTRAINT "specializations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_terms" ADD CONSTRAINT "support_terms_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certifications_org_idx" ON "certifications" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "model_provider_claims_org_provider_key" ON "model_provider_claims" USING btree ("organisation_id","provider");--> statement-breakpoint
CREATE INDEX "partner_profiles_updated_idx" ON "partner_profiles" USING btree ("profile_updated_at");--> statement-breakpoint
CREATE INDEX "practice_documents_org_idx" ON "practice_documents" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "reference_deployments_org_idx" ON "reference_deployments" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "reference_deployments_filter_idx" ON "reference_deployments" USING btree ("use_case","size_band");--> statement-breakpoint
CREATE INDEX "reference_outcomes_reference_idx" ON "reference_outcomes" USING btree ("reference_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "specializations_org_name_key" ON "specializations" USING btree ("organisation_id","name_key");--> statement-breakpoint
CREATE INDEX "specializations_name_idx" ON "specializations" USING btree ("name_key");