/**
 * The one model of write failures (docs/architecture.md, "Errors"). Models return data or throw one of these;
 * they never build HTTP answers. A route's action turns any of them into its answer with `failureAnswer`:
 *
 *   InputError     400  bad input: a message per field (and, optionally, one for the form)
 *   RuleRefused    409  a rule of the product refused the change (wrong status, a duplicate, a closed request)
 *   StaleVersion   409  the row changed since the form was drawn; carries what is stored now
 *   NotFound       404  the object does not exist for this viewer (another tenant's is the same)
 *   Forbidden      403  the viewer sees the object but its role does not allow this
 *
 * Two more failures are recognised from what they are: a form without its idempotency key (expired: 400) and a
 * database fault that rolled the transaction back (503, "nothing was changed"). Anything else is rethrown.
 */
import { data } from "@remix-run/node";
import { DATABASE_FAULT_MESSAGE, FORM_EXPIRED_MESSAGE, isDatabaseFault } from "./database-fault.server";
import { formValues } from "./forms.server";
import { MissingIdempotencyKey } from "./idempotency.server";

/** Bad input: messages by field name (`form` for the form as a whole). 400. */
export class InputError extends Error {
  constructor(
    readonly errors: Record<string, string>,
    readonly formError?: string,
  ) {
    super(formError ?? Object.values(errors)[0] ?? "Invalid input.");
  }
}

/** A rule refused the change; the message says which, in the reader's words. 409. */
export class RuleRefused extends Error {}

/** The row changed since the form was drawn (another tab, another person). 409 with what is stored now. */
export class StaleVersion<T = unknown> extends Error {
  constructor(
    readonly current: T,
    message = "This was changed elsewhere in the meantime: what is saved now is shown.",
  ) {
    super(message);
  }
}

/** The object does not exist for this viewer. 404, exactly like a missing page. */
export class NotFound extends Error {
  constructor(message = "Not found") {
    super(message);
  }
}

/** What a 403 page may say beyond its message: its own heading and a way back to the page it belongs to. */
export interface RefusalPage {
  title?: string;
  back?: { href: string; label: string };
}

/** The viewer sees the object, but its role (or its part in the evaluation) does not allow this. 403. */
export class Forbidden extends Error {
  readonly page: RefusalPage;
  constructor(message = "Your role does not allow this.", page: RefusalPage = {}) {
    super(message);
    this.page = page;
  }
}

/** The body of a 404 or 403 error page: the message, and a refusal's own heading and way back. */
function refusalBody(error: NotFound | Forbidden, message = error.message) {
  return error instanceof Forbidden ? { message, ...error.page } : { message };
}

/** The form-level message of a 400 whose field messages say it all. */
export const FIELDS_NEED_ATTENTION = "Some fields need attention: see the messages below.";

export interface Failure {
  status: 400 | 403 | 404 | 409 | 503;
  formError: string;
  errors: Record<string, string>;
  /** What is stored now, after a stale version. */
  current?: unknown;
}

/** What a known failure means for the person who sent the form; undefined for anything else (rethrow it). */
export function describeFailure(error: unknown): Failure | undefined {
  if (error instanceof InputError)
    return { status: 400, formError: error.formError ?? FIELDS_NEED_ATTENTION, errors: error.errors };
  if (error instanceof StaleVersion)
    return { status: 409, formError: error.message, errors: {}, current: error.current };
  if (error instanceof RuleRefused) return { status: 409, formError: error.message, errors: {} };
  if (error instanceof NotFound) return { status: 404, formError: error.message, errors: {} };
  if (error instanceof Forbidden) return { status: 403, formError: error.message, errors: {} };
  if (error instanceof MissingIdempotencyKey)
    return { status: 400, formError: FORM_EXPIRED_MESSAGE, errors: {} };
  if (isDatabaseFault(error)) return { status: 503, formError: DATABASE_FAULT_MESSAGE, errors: {} };
  return undefined;
}

/**
 * The failure a form shows, for a route whose answer has a shape of its own: a NotFound or a Forbidden throws the
 * 404 or 403 page, anything unknown is rethrown, and the rest comes back with its status and messages.
 */
export function formFailure(error: unknown): Failure {
  const failure = describeFailure(error);
  if (!failure) throw error;
  if (failure.status === 404 || failure.status === 403)
    throw data(
      error instanceof Forbidden ? refusalBody(error, failure.formError) : { message: failure.formError },
      { status: failure.status },
    );
  return failure;
}

export interface FailureOptions<C> {
  /** How what is stored now reads in the form (dates in the viewer's zone...), after a stale version. */
  present?: (current: unknown) => C;
  /** Values to echo besides (or instead of) the form's own. */
  values?: Record<string, string>;
  /** Fields sent once per ticked box (a group of checkboxes): every value of each comes back in `checked`. */
  checked?: readonly string[];
}

/**
 * The answer to a failed write: `{ ok: false, errors, values, formError, conflict }` with the failure's status, so
 * the form re-renders with its messages and everything that was typed (passwords excepted). A NotFound or a
 * Forbidden throws the 404 or 403 page; an unknown error is rethrown.
 */
export function failureAnswer<C = unknown>(
  error: unknown,
  form: FormData | null,
  options: FailureOptions<C> = {},
) {
  const failure = formFailure(error);
  const conflict =
    failure.current === undefined
      ? undefined
      : options.present
        ? options.present(failure.current)
        : failure.current;
  return data(
    {
      ok: false as const,
      errors: failure.errors,
      values: { ...(form ? formValues(form) : {}), ...options.values },
      formError: failure.formError,
      conflict: conflict as C | undefined,
      ...(options.checked && form ? { checked: checkedValues(form, options.checked) } : {}),
    },
    { status: failure.status },
  );
}

function checkedValues(form: FormData, fields: readonly string[]): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const key of fields) {
    if (form.has(key)) lists[key] = form.getAll(key).filter((v): v is string => typeof v === "string");
  }
  return lists;
}

/**
 * A loader's answer to a model's failure (`NotFound`, `RuleRefused`, `InputError`, `StaleVersion`): thrown as the
 * route's error page, with the failure's status and message (a NotFound exactly like a missing page). Anything else,
 * a Response or a database error among them, is rethrown as it is. Use as `await read(...).catch(failurePage)`.
 */
export function failurePage(error: unknown): never {
  const known =
    error instanceof NotFound ||
    error instanceof Forbidden ||
    error instanceof RuleRefused ||
    error instanceof InputError ||
    error instanceof StaleVersion;
  const failure = known ? describeFailure(error) : undefined;
  if (!failure) throw error;
  throw data(
    error instanceof Forbidden ? refusalBody(error, failure.formError) : { message: failure.formError },
    { status: failure.status },
  );
}

/**
 * What every loader and action answers when a model refused access on the way (a NotFound or a Forbidden thrown
 * from inside a read or a transaction): the 404 or 403 page with its message. Anything else comes back as it is.
 * The server applies it to every route (app/server/remix-handler.ts), so a route need not catch these itself.
 */
export function accessFailureAnswer(error: unknown): unknown {
  if (error instanceof NotFound || error instanceof Forbidden)
    return data(refusalBody(error), { status: error instanceof NotFound ? 404 : 403 });
  return error;
}
