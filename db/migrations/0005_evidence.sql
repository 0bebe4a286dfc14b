CREATE TYPE "public"."claim_kind" AS ENUM('membership', 'certification', 'specialization', 'reference', 'provider', 'support', 'document');--> statement-breakpoint
CREATE TYPE "public"."evidence_visibility" AS ENUM('all_buyers', 'restricted');--> statement-breakpoint
CREATE TYPE "public"."verification_status" AS ENUM('verified', 'rejected');--> statement-breakpoint
CREATE TABLE "evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"claim_kind" "claim_kind" NOT NULL,
	"claim_id" uuid,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"effective_from" date,
	"effective_to" date,
	"visibility" "evidence_visibility" DEFAULT 'all_buyers' NOT NULL,
	"current_version_id" uuid,
	"created_by_user_id" uuid,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_kind_check" CHECK ("evidence"."kind" in ('file', 'link')),
	CONSTRAINT "evidence_period_check" CHECK ("evidence"."effective_to" is null or "evidence"."effective_from" is null or "evidence"."effective_to" >= "evidence"."effective_from")
);
--> statement-breakpoint
CREATE TABLE "evidence_blobs" (
	"version_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"data" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_downloads" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"version_id" uuid NOT NULL,
	"buyer_organisation_id" uuid NOT NULL,
	"user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_shares" (
	"evidence_id" uuid NOT NULL,
	"buyer_organisation_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_shares_evidence_id_buyer_organisation_id_pk" PRIMARY KEY("evidence_id","buyer_organisation_id")
);
--> statement-breakpoint
CREATE TABLE "evidence_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"buyer_organisation_id" uuid NOT NULL,
	"status" "verification_status" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"seen_on" date,
	"user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evidence_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"file_name" text,
	"mime_type" text,
	"size_bytes" integer,
	"sha256" text,
	"url" text,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_blobs" ADD CONSTRAINT "evidence_blobs_version_id_evidence_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."evidence_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_blobs" ADD CONSTRAINT "evidence_blobs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_downloads" ADD CONSTRAINT "evidence_downloads_version_id_evidence_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."evidence_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_downloads" ADD CONSTRAINT "evidence_downloads_buyer_organisation_id_organisations_id_fk" FOREIGN KEY ("buyer_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_downloads" ADD CONSTRAINT "evidence_downloads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_shares" ADD CONSTRAINT "evidence_shares_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_shares" ADD CONSTRAINT "evidence_shares_buyer_organisation_id_organisations_id_fk" FOREIGN KEY ("buyer_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_verifications" ADD CONSTRAINT "evidence_verifications_version_id_evidence_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."evidence_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_verifications" ADD CONSTRAINT "evidence_verifications_buyer_organisation_id_organisations_id_fk" FOREIGN KEY ("buyer_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_verifications" ADD CONSTRAINT "evidence_verifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_versions" ADD CONSTRAINT "evidence_versions_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_versions" ADD CONSTRAINT "evidence_versions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_versions" ADD CONSTRAINT "evidence_versions_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_org_claim_idx" ON "evidence" USING btree ("organisation_id","claim_kind","claim_id");--> statement-breakpoint
CREATE INDEX "evidence_downloads_buyer_idx" ON "evidence_downloads" USING btree ("buyer_organisation_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_verifications_version_buyer_key" ON "evidence_verifications" USING btree ("version_id","buyer_organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_versions_number_key" ON "evidence_versions" USING btree ("evidence_id","number");--> statement-breakpoint
CREATE INDEX "evidence_versions_org_idx" ON "evidence_versions" USING btree ("organisation_id");