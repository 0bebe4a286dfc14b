// "Copy and edit": the copy is named (and described) before anything is stored, so a cancelled copy leaves nothing.
import { z } from "zod";
import type { Tx } from "../../db/client";
import { DESCRIPTION_LIMIT, NAME_LIMIT } from "../domain/checklist";
import { NotFound } from "../utils/errors.server";
import type { Actor } from "./audit.server";
import { createTemplate, getTemplate, isTemplateId } from "./template.server";

export const templateCopySchema = z.object({
  intent: z.literal("copy", "Choose a template to copy."),
  source: z.string().refine(isTemplateId, "Choose a template to copy."),
  name: z
    .string("Name the copy.")
    .trim()
    .min(1, "Name the copy.")
    .max(NAME_LIMIT, `Use at most ${NAME_LIMIT} characters.`),
  description: z
    .string()
    .trim()
    .max(DESCRIPTION_LIMIT, `Use at most ${DESCRIPTION_LIMIT} characters.`)
    .optional()
    .default(""),
});

export type TemplateCopyInput = z.infer<typeof templateCopySchema>;

/** What the copy form starts from: "Copy of …", and a description that says whose copy it is. */
export function copyDefaults(sourceName: string): { name: string; description: string } {
  return {
    name: `Copy of ${sourceName}`.slice(0, NAME_LIMIT),
    description: `A copy of “${sourceName}”.`.slice(0, DESCRIPTION_LIMIT),
  };
}

/**
 * Stores the named copy of a template of this buyer (or of a version of the built-in one), in the caller's
 * transaction. The copy records where it came from by the source's label (a built-in one's says its version).
 */
export async function copyTemplate(tx: Tx, actor: Actor, input: TemplateCopyInput): Promise<{ id: string }> {
  const template = await getTemplate(actor.organisationId, input.source, tx);
  if (!template) throw new NotFound("That template no longer exists.");
  return createTemplate(
    tx,
    actor,
    { ...template.checklist, name: input.name, description: input.description },
    template.label,
  );
}
