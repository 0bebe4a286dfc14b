// The scoring page's evidence-request forms (`intent=request-evidence`, `intent=close-request`): their writes and
// answers, kept beside the page's other intents. With JavaScript (`_js=1`, a fetcher) they answer data; without,
// a redirect back to the criterion.
import { data, redirect } from "@remix-run/node";
import type { EvaluationAccess } from "~/models/evaluation.server";
import { closeRequest, createRequest } from "~/models/evidence-requests/buyer.server";
import { requestFormSchema } from "~/models/evidence-requests/rules.server";
import type { Viewer } from "./access.server";
import { formFailure } from "./errors.server";
import { fieldErrors } from "./forms.server";
import { once } from "./idempotency.server";

/** What the request forms' posts answer (without JavaScript, the page re-renders with it). */
export interface RequestAnswer {
  requestForm: {
    criterionId: string;
    requestId?: string;
    ok?: boolean;
    errors?: Record<string, string | undefined>;
    values?: Record<string, string>;
    formError?: string;
  };
}

export const REQUEST_INTENTS = ["request-evidence", "close-request"] as const;

type Body = Omit<RequestAnswer["requestForm"], "criterionId" | "values">;

/**
 * A failed write as the panel shows it: field messages beside their fields (they say it all), otherwise the
 * failure's message for the form. A NotFound or Forbidden is the 404 or 403 page; anything unknown is rethrown.
 */
function failed(error: unknown): { body: Body; status: number } {
  const failure = formFailure(error);
  if (Object.keys(failure.errors).length > 0)
    return { body: { errors: failure.errors }, status: failure.status };
  return { body: { formError: failure.formError }, status: failure.status };
}

/**
 * The scoring page's action for `intent=request-evidence` (idempotent, through `once`) and `intent=close-request`.
 * With JavaScript (`_js=1`, a fetcher) it answers data; without, it redirects back to the criterion.
 */
export async function requestIntent(
  form: FormData,
  viewer: Viewer,
  access: EvaluationAccess,
  candidateId: string,
  here: string,
) {
  const criterionId = String(form.get("criterionId") ?? "");
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "_idempotency") values[k] ??= v;
  const answer = (body: Body, status: number) =>
    data({ requestForm: { criterionId, values, ...body } } satisfies RequestAnswer, { status });
  const js = form.get("_js") === "1";

  if (form.get("intent") === "close-request") {
    const requestId = String(form.get("requestId") ?? "");
    try {
      await closeRequest(viewer, access, requestId, Number(form.get("version")));
    } catch (error) {
      const { body, status } = failed(error);
      return answer({ requestId, ...body }, status);
    }
    if (js) return answer({ requestId, ok: true }, 200);
    throw redirect(`${here}?closed=1#requests-${criterionId}`);
  }

  const parsed = requestFormSchema.safeParse(values);
  if (!parsed.success) return answer({ errors: fieldErrors(parsed.error) }, 400);
  try {
    await once(form, `evidence_request:${candidateId}:${parsed.data.criterionId}`, async (tx) => {
      const row = await createRequest(tx, viewer, access, { candidateId, ...parsed.data });
      return `${here}?requested=1#request-${row.id}`;
    });
  } catch (error) {
    const { body, status } = failed(error);
    return answer(body, status);
  }
  if (js) return answer({ ok: true }, 200);
  throw redirect(`${here}?requested=1#requests-${parsed.data.criterionId}`);
}
