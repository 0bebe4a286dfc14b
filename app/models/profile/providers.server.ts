// Model providers: each provider once, with how many production deployments on it.
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { modelProviderClaims } from "../../../db/schema";
import { LABELS, PROVIDERS } from "../../domain/profile";
import { MAX_DEPLOYMENTS } from "../../domain/profile-limits";
import { InputError } from "../../utils/errors.server";
import { choice, wholeNumber } from "./fields.server";
import type { ListSection } from "./versioned-list.server";
import type { ProfileActor } from "./write.server";

export const providerSchema = z.object({
  provider: choice(PROVIDERS, "Choose a model provider."),
  productionDeployments: wholeNumber("the number of production deployments", 0, MAX_DEPLOYMENTS),
});

export type ProviderInput = z.infer<typeof providerSchema>;
type ProviderClaim = typeof modelProviderClaims.$inferSelect;

async function refuseDuplicateProvider(tx: Tx, actor: ProfileActor, input: ProviderInput, exceptId?: string) {
  const [dup] = await tx
    .select({ id: modelProviderClaims.id })
    .from(modelProviderClaims)
    .where(
      and(
        eq(modelProviderClaims.organisationId, actor.organisationId),
        eq(modelProviderClaims.provider, input.provider),
        exceptId ? ne(modelProviderClaims.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (dup) {
    throw new InputError({
      provider: `${LABELS.provider[input.provider]} is already on your profile: edit its count instead.`,
    });
  }
}

export const providerList: ListSection<ProviderClaim, typeof providerSchema> = {
  table: modelProviderClaims,
  noun: "provider",
  entityType: "model_provider_claim",
  schema: providerSchema,
  scope: "profile.provider",
  listPath: "/profile/providers",
  label: (p) => LABELS.provider[p.provider],
  removedWord: "removed",
  columns: (input) => input,
  describe: (p) => `${LABELS.provider[p.provider]} with ${p.productionDeployments} production deployments`,
  removed: ({ provider, productionDeployments }) => ({ provider, productionDeployments }),
  refuseDuplicate: refuseDuplicateProvider,
  duplicate: (input) =>
    new InputError({ provider: `${LABELS.provider[input.provider]} is already on your profile.` }),
};
