import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "../../db/client";
import { memberships, organisations, partnerProfiles, users } from "../../db/schema";
import { decoyHash, hashPassword, verifyPassword } from "../utils/crypto.server";
import { InputError } from "../utils/errors.server";
import { isUniqueViolation } from "../utils/forms.server";
import { once } from "../utils/idempotency.server";
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_ORG_NAME_LENGTH, MAX_PASSWORD_LENGTH } from "../utils/limits";
import { passwordProblem } from "../utils/password-policy.server";
import { createSession } from "../utils/session.server";
import { clearAttempts, recordAttempts, retryAfterSeconds, type ThrottleKey } from "../utils/throttle.server";
import { recordAudit } from "./audit.server";

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
    if (v.kind === "buyer" && (!v.timeZone || !isTimeZone(v.timeZone))) {
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

/**
 * Creates the user, the organisation and the admin membership, with their audit events, in the caller's
 * transaction. A taken e-mail or partner name is a FieldError; buyer names are never checked for uniqueness
 * (a sign-up must not reveal which buyers use the product).
 */
export async function signUp(
  tx: Tx,
  input: SignUpInput,
  passwordHash: string,
): Promise<{ userId: string; organisationId: string }> {
  const emailKey = normaliseEmail(input.email);
  const nameKey = orgNameKey(input.organisationName);
  const [existingUser] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, emailKey))
    .limit(1);
  if (existingUser) {
    throw new FieldError("email", "An account with this e-mail already exists. Sign in instead.");
  }
  if (input.kind === "partner") {
    const [taken] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.kind, "partner"), eq(organisations.nameKey, nameKey)))
      .limit(1);
    if (taken) throw new FieldError("organisationName", "A partner with this name is already registered.");
  }
  const [org] = await tx
    .insert(organisations)
    .values({
      kind: input.kind,
      name: input.organisationName,
      nameKey,
      timeZone: input.kind === "buyer" ? (input.timeZone ?? "UTC") : "UTC",
    })
    .returning({ id: organisations.id });
  if (input.kind === "partner") await tx.insert(partnerProfiles).values({ organisationId: org.id });
  const [user] = await tx
    .insert(users)
    .values({ email: emailKey, name: input.name, passwordHash })
    .returning({ id: users.id });
  const [membership] = await tx
    .insert(memberships)
    .values({ organisationId: org.id, userId: user.id, role: "admin" })
    .returning({ id: memberships.id });
  const base = { actorUserId: user.id, organisationId: org.id };
  await recordAudit(tx, {
    ...base,
    action: "organisation.created",
    entityType: "organisation",
    entityId: org.id,
    after: { kind: input.kind, name: input.organisationName, timeZone: input.timeZone ?? "UTC" },
  });
  await recordAudit(tx, {
    ...base,
    action: "membership.created",
    entityType: "membership",
    entityId: membership.id,
    after: { userId: user.id, email: emailKey, name: input.name, role: "admin" },
  });
  return { userId: user.id, organisationId: org.id };
}

export type CreateAccountResult =
  | { ok: true; location: string; cookie?: string }
  | { ok: false; retryAfterSeconds: number };

/**
 * The sign-up form's whole write: organisation, user, admin membership, audit events and the first session, in
 * one idempotent transaction (a double submission replays the first result instead of failing on the e-mail).
 * Sign-ups are throttled per address: each valid form sent counts. A taken e-mail or partner name throws a
 * FieldError.
 */
export async function createAccount(
  form: FormData,
  input: SignUpInput,
  request: Request,
  clientIp: string,
): Promise<CreateAccountResult> {
  const attempt: ThrottleKey = { scope: "sign-up", key: clientIp };
  const wait = await retryAfterSeconds([attempt]);
  if (wait > 0) return { ok: false, retryAfterSeconds: wait };
  await recordAttempts([attempt]);
  // Hash before the transaction opens: slow work never holds one (PGlite has a single connection).
  const passwordHash = await hashPassword(input.password);
  let cookie: string | undefined;
  try {
    const { location } = await once(form, "signup", async (tx) => {
      const account = await signUp(tx, input, passwordHash);
      cookie = await createSession(tx, request, { ...account, clientIp });
      return "/";
    });
    return { ok: true, location, cookie };
  } catch (error) {
    // Two sign-ups with one e-mail racing past the check in `signUp`: the database's unique index decides.
    if (isUniqueViolation(error)) {
      throw new FieldError("email", "An account with this e-mail already exists. Sign in instead.");
    }
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
