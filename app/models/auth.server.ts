import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
import { memberships, organisations, partnerProfiles, users } from "../../db/schema";
import { signUpAttemptMail } from "../mail/messages";
import { decoyHash, hashPassword, randomToken, verifyPassword } from "../utils/crypto.server";
import { InputError } from "../utils/errors.server";
import { isUniqueViolation } from "../utils/forms.server";
import { once } from "../utils/idempotency.server";
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_ORG_NAME_LENGTH, MAX_PASSWORD_LENGTH } from "../utils/limits";
import { passwordProblem } from "../utils/password-policy.server";
import type { OrgKind } from "../utils/roles";
import { clearAttempts, recordAttempts, retryAfterSeconds, type ThrottleKey } from "../utils/throttle.server";
import { accountOf, queueConfirmation, throttleMailRequest } from "./account-mail.server";
import { recordAudit } from "./audit.server";
import { portalUrl, queueMail } from "./mail.server";

/** Partner names are unique ignoring case and every white space. */
export function orgNameKey(name: string): string {
  return name.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const TIME_ZONES = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));
export function isTimeZone(value: string): boolean {
  return TIME_ZONES.has(value);
}

const email = z
  .string()
  .trim()
  .min(1, "Enter your e-mail address.")
  .max(MAX_EMAIL_LENGTH, "This e-mail address is too long.")
  .pipe(z.email("Enter an e-mail address like name@company.com."));

export const signUpSchema = z
  .object({
    kind: z.enum(["buyer", "partner"], "Choose whether you buy AI delivery or provide it."),
    organisationName: z
      .string()
      .trim()
      .min(2, "Enter your organisation's name (2 characters or more).")
      .max(MAX_ORG_NAME_LENGTH, `Use at most ${MAX_ORG_NAME_LENGTH} characters.`),
    timeZone: z.string().trim().optional(),
    name: z
      .string()
      .trim()
      .min(1, "Enter your name.")
      .max(MAX_NAME_LENGTH, `Use at most ${MAX_NAME_LENGTH} characters.`),
    email,
    password: z.string().max(MAX_PASSWORD_LENGTH + 1),
  })
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.password, { email: v.email, name: v.name });
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
    // Both kinds choose a time zone (their reminders' day and hour); a partner form without the field (an older
    // client) keeps UTC.
    if (v.timeZone === undefined ? v.kind === "buyer" : !isTimeZone(v.timeZone)) {
      ctx.addIssue({ code: "custom", path: ["timeZone"], message: "Choose your organisation's time zone." });
    }
  });

export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH, "Enter your password."),
});

/** Bad input found beyond the schema (a taken e-mail, a partner name already registered): one field's message. */
export class FieldError extends InputError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super({ [field]: message });
  }
}

/** Where every sign-up lands, whether or not the address had an account: the same answer for both. */
export const SIGNED_UP_LOCATION = "/confirm?new=1";

/**
 * Creates the user (unconfirmed), the organisation and the admin membership, with their audit events, and queues the
 * confirmation link, in the caller's transaction. An address that has an account already gets a note instead (someone
 * tried to sign up with it), and nothing is created. A partner name already registered is a FieldError, checked first
 * so that the answer never depends on the address. Buyer names are never checked for uniqueness (a sign-up must not
 * reveal which buyers use the product).
 */
export async function signUp(tx: Tx, input: SignUpInput, passwordHash: string): Promise<"created" | "noted"> {
  const emailKey = normaliseEmail(input.email);
  if (input.kind === "partner") await checkPartnerNameFree(tx, input.organisationName, "organisationName");
  const existing = await accountOf(tx, emailKey);
  if (existing) {
    await queueMail(tx, {
      kind: "sign-up-attempt",
      to: emailKey,
      recipientUserId: existing.userId,
      organisationId: existing.organisationId,
      occasion: `sign-up:${randomToken()}`,
      content: signUpAttemptMail({
        name: existing.name,
        organisationName: existing.organisationName ?? "PartnerLens",
        signInUrl: portalUrl("/login"),
        forgotUrl: portalUrl("/forgot"),
      }),
    });
    return "noted";
  }
  const [user] = await tx
    .insert(users)
    .values({ email: emailKey, name: input.name, passwordHash })
    .returning({ id: users.id });
  const { organisationId } = await createOrganisationWithAdmin(tx, {
    kind: input.kind,
    name: input.organisationName,
    timeZone: input.timeZone ?? "UTC",
    admin: { userId: user.id, email: emailKey, name: input.name },
  });
  await queueConfirmation(tx, {
    userId: user.id,
    email: emailKey,
    name: input.name,
    organisationId,
    organisationName: input.organisationName,
  });
  return "created";
}

/** Throws a FieldError on `field` when a partner with this name (`orgNameKey`) is registered already. */
export async function checkPartnerNameFree(tx: Tx, name: string, field: string): Promise<void> {
  const [taken] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.kind, "partner"), eq(organisations.nameKey, orgNameKey(name))))
    .limit(1);
  if (taken) throw new FieldError(field, "A partner with this name is already registered.");
}

/**
 * Creates an organisation (a partner's with its empty profile) with the user as its admin, and their two audit
 * events, in the caller's transaction: the one path of sign-up and of a partner invitation's acceptance. Partner
 * names are unique (`checkPartnerNameFree` first; the unique index refuses a race).
 */
export async function createOrganisationWithAdmin(
  tx: Tx,
  input: {
    kind: OrgKind;
    name: string;
    timeZone: string;
    admin: { userId: string; email: string; name: string };
  },
): Promise<{ organisationId: string; membershipId: string }> {
  const { admin } = input;
  const [org] = await tx
    .insert(organisations)
    .values({ kind: input.kind, name: input.name, nameKey: orgNameKey(input.name), timeZone: input.timeZone })
    .returning({ id: organisations.id });
  if (input.kind === "partner") await tx.insert(partnerProfiles).values({ organisationId: org.id });
  const [membership] = await tx
    .insert(memberships)
    .values({ organisationId: org.id, userId: admin.userId, role: "admin" })
    .returning({ id: memberships.id });
  const base = { actorUserId: admin.userId, organisationId: org.id };
  await recordAudit(tx, {
    ...base,
    action: "organisation.created",
    entityType: "organisation",
    entityId: org.id,
    after: { kind: input.kind, name: input.name, timeZone: input.timeZone },
  });
  await recordAudit(tx, {
    ...base,
    action: "membership.created",
    entityType: "membership",
    entityId: membership.id,
    after: { userId: admin.userId, email: admin.email, name: admin.name, role: "admin" },
  });
  return { organisationId: org.id, membershipId: membership.id };
}

export type CreateAccountResult = { ok: true; location: string } | { ok: false; retryAfterSeconds: number };

/**
 * The sign-up form's whole write, in one idempotent transaction (a double submission replays the first answer). The
 * answer is the same whether or not the address has an account, and so is the work: a password hashed and one message
 * queued (a confirmation link, or a note to the address's owner). Throttled per client address (each valid form sent
 * counts) and per address mailed. A partner name already registered throws a FieldError.
 */
export async function createAccount(
  form: FormData,
  input: SignUpInput,
  clientIp: string,
): Promise<CreateAccountResult> {
  const attempt: ThrottleKey = { scope: "sign-up", key: clientIp };
  const wait = await retryAfterSeconds([attempt]);
  if (wait > 0) return { ok: false, retryAfterSeconds: wait };
  await recordAttempts([attempt]);
  const mailWait = await throttleMailRequest(normaliseEmail(input.email), clientIp);
  if (mailWait > 0) return { ok: false, retryAfterSeconds: mailWait };
  // Hash before the transaction opens: slow work never holds one (PGlite has a single connection).
  const passwordHash = await hashPassword(input.password);
  try {
    const { location } = await once(form, "signup", async (tx) => {
      await signUp(tx, input, passwordHash);
      return SIGNED_UP_LOCATION;
    });
    return { ok: true, location };
  } catch (error) {
    // Two sign-ups with one new address racing past the check in `signUp`: the unique index let one through, and
    // this one answers as if the address had an account (its owner was the other one).
    if (isUniqueViolation(error)) return { ok: true, location: SIGNED_UP_LOCATION };
    throw error;
  }
}

export type SignInResult =
  | { ok: true; userId: string; organisationId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Checks a password with a sliding-window throttle stored in the database: at most 5 failures per account and
 * 100 per address in 15 minutes. It never locks for good: the oldest failure leaves the window and sign-in opens.
 * Unknown e-mails cost the same hashing time as known ones.
 */
export async function signIn(input: {
  email: string;
  password: string;
  clientIp: string;
}): Promise<SignInResult> {
  const db = getDb();
  const emailKey = normaliseEmail(input.email);
  const keys: ThrottleKey[] = [
    { scope: "account", key: emailKey },
    { scope: "address", key: input.clientIp },
  ];
  const wait = await retryAfterSeconds(keys);
  if (wait > 0) return { ok: false, reason: "throttled", retryAfterSeconds: wait };

  const [row] = await db
    .select({
      userId: users.id,
      passwordHash: users.passwordHash,
      organisationId: memberships.organisationId,
    })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.email, emailKey))
    .limit(1);
  const valid = await verifyPassword(input.password, row?.passwordHash ?? (await decoyHash()));
  if (!row || !valid) {
    await recordAttempts(keys);
    return { ok: false, reason: "invalid" };
  }
  // A successful sign-in clears the account's failures, not the address's.
  await clearAttempts(keys[0]);
  return { ok: true, userId: row.userId, organisationId: row.organisationId };
}
