/**
 * Answers of forms that carry more than `failureAnswer`'s `{ ok: false, errors, values, formError, conflict }`: the
 * fields `formValues` cannot echo (repeated checkboxes), and which of a page's many small forms an answer is for.
 *
 * `answerCell` is the one way a page saves a versioned cell (an evaluator's score, a candidate's numeric value, a
 * consensus score): each cell is a form of its own, sent with the version it was drawn with, by a fetcher when
 * JavaScript runs, as a plain post when not.
 */
import { data, redirect } from "@remix-run/node";
import { type FailureOptions, failureAnswer } from "./errors.server";
import { formValues } from "./forms.server";

/** `failureAnswer`, with `extra` in its body: what else the form needs to draw itself again. */
export function failureWith<E extends object, C = unknown>(
  error: unknown,
  form: FormData | null,
  extra: E,
  options: FailureOptions<C> = {},
) {
  const answer = failureAnswer(error, form, options);
  return data({ ...answer.data, ...extra }, answer.init ?? undefined);
}

export interface CellSaved<S extends object> {
  /** Where a post without JavaScript goes back to: the page, at the cell. */
  location: string;
  /** What a fetcher's answer carries besides `ok: true` (a message, what is stored now). */
  body: S;
}

/**
 * Saves one cell and answers for it. `save` parses the form, writes and says where to go; any failure it throws
 * (`InputError` for bad input, a `StaleVersion` carrying what is stored now...) is answered by `failureAnswer`, with
 * `present` turning what is stored into what the form shows. Every answer carries `cell`, the fields that name the
 * cell, so a page of many forms shows it beside the right one:
 *   - saved, with JavaScript (`_js=1`): `{ ok: true, ...cell, values, ...body }`, 200;
 *   - saved, without: a redirect to `location`, the page drawn again;
 *   - failed, either way: `{ ok: false, errors, values, formError, conflict, ...cell }` with the failure's status.
 */
export async function answerCell<K extends object, S extends object, C>(
  form: FormData,
  cell: K,
  present: (current: unknown) => C,
  save: () => Promise<CellSaved<S>>,
) {
  let saved: CellSaved<S>;
  try {
    saved = await save();
  } catch (error) {
    return failureWith(error, form, cell, { present });
  }
  if (form.get("_js") !== "1") throw redirect(saved.location);
  return data({ ok: true as const, ...cell, values: formValues(form), ...saved.body }, { status: 200 });
}
