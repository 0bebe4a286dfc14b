// Specializations: a built-in one (Codex, cybersecurity, AI agents...) or the partner's own, once each by name.
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { specializations } from "../../../db/schema";
import {
  BUILT_IN_SPECIALIZATIONS,
  specializationKey,
  specializationLabel,
  todayUtc,
} from "../../domain/profile";
import { MAX_SPECIALIZATION_LENGTH } from "../../domain/profile-limits";
import { InputError } from "../../utils/errors.server";
import { day, optionalDay, optionalText } from "./fields.server";
import type { ListSection } from "./versioned-list.server";
import type { ProfileActor } from "./write.server";

const isBuiltIn = (name: string) => (BUILT_IN_SPECIALIZATIONS as readonly string[]).includes(name);

export const specializationSchema = z
  .object({
    name: z.string().optional(),
    otherName: optionalText(MAX_SPECIALIZATION_LENGTH),
    achievedOn: day("the date it was achieved").refine(
      (v) => v <= todayUtc(),
      "The date cannot be in the future.",
    ),
    expiresOn: optionalDay(),
  })
  .superRefine((v, ctx) => {
    if (!isBuiltIn(v.name ?? "") && v.name !== "other") {
      ctx.addIssue({ code: "custom", path: ["name"], message: "Choose a specialization." });
    }
    if (v.name === "other" && !v.otherName) {
      ctx.addIssue({ code: "custom", path: ["otherName"], message: "Enter the specialization's name." });
    }
    if (v.expiresOn && v.expiresOn <= v.achievedOn) {
      ctx.addIssue({
        code: "custom",
        path: ["expiresOn"],
        message: "The expiry must be after the date it was achieved.",
      });
    }
  })
  .transform((v) => {
    let name = v.name === "other" ? (v.otherName ?? "") : (v.name ?? "");
    // A free-form name that is a built-in one ("Code X" → codex) is the built-in one.
    const key = specializationKey(name);
    if (isBuiltIn(key)) name = key;
    return {
      name,
      nameKey: specializationKey(name),
      field: v.name === "other" ? ("otherName" as const) : ("name" as const),
      achievedOn: v.achievedOn,
      expiresOn: v.expiresOn,
    };
  });

export type SpecializationInput = z.infer<typeof specializationSchema>;
type Specialization = typeof specializations.$inferSelect;

async function refuseDuplicateSpecialization(
  tx: Tx,
  actor: ProfileActor,
  input: SpecializationInput,
  exceptId?: string,
) {
  const [dup] = await tx
    .select({ id: specializations.id })
    .from(specializations)
    .where(
      and(
        eq(specializations.organisationId, actor.organisationId),
        eq(specializations.nameKey, input.nameKey),
        exceptId ? ne(specializations.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (dup) {
    throw new InputError({
      [input.field]: `Your profile already has the ${specializationLabel(input.name)} specialization: edit that one instead.`,
    });
  }
}

export const specializationList: ListSection<Specialization, typeof specializationSchema> = {
  table: specializations,
  noun: "specialization",
  entityType: "specialization",
  schema: specializationSchema,
  scope: "profile.specialization",
  listPath: "/profile/specializations",
  label: (s) => `Specialization “${specializationLabel(s.name)}”`,
  columns: ({ name, nameKey, achievedOn, expiresOn }) => ({ name, nameKey, achievedOn, expiresOn }),
  describe: (s) =>
    `“${specializationLabel(s.name)}”, achieved ${s.achievedOn ?? "—"}, expires ${s.expiresOn ?? "never"}`,
  removed: ({ name, achievedOn, expiresOn }) => ({ name, achievedOn, expiresOn }),
  refuseDuplicate: refuseDuplicateSpecialization,
  duplicate: (input) =>
    new InputError({
      [input.field]: `Your profile already has the ${specializationLabel(input.name)} specialization.`,
    }),
};
