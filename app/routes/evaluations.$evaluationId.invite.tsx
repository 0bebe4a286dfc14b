import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, IdempotencyField, SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { Badge } from "~/components/ui/badge";
import { emailDomain } from "~/domain/company-names";
import { canAddCandidates } from "~/domain/evaluation";
import { possessive } from "~/domain/words";
import { evaluationFor } from "~/models/evaluation.server";
import { createPartnerInvitation, inviteFormSchema } from "~/models/partner-invitations.server";
import { chooseListedPartner, type PartnerMatch, partnerMatches } from "~/models/partner-matches.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";
import { parseForm } from "~/utils/forms.server";
import { forbidden } from "~/utils/http.server";
import { newIdempotencyKey, once } from "~/utils/idempotency.server";
import { MAX_EMAIL_LENGTH, MAX_ORG_NAME_LENGTH } from "~/utils/limits";

/** Admins, while partners can still be added (before `decided`, not cancelled); anyone else's evaluation is a 404. */
async function inviteAccess(request: Request, evaluationId: string | undefined) {
  const viewer = await authorize(request, { kind: "buyer" });
  const access = await evaluationFor(viewer, evaluationId);
  if (!access.isAdmin) forbidden();
  return {
    actor: { userId: viewer.userId, organisationId: viewer.organisationId },
    evaluation: access.evaluation,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { evaluation } = await inviteAccess(request, params.evaluationId);
  // Once decided or cancelled, the shortlist is closed: the evaluation page says so.
  if (!canAddCandidates(evaluation.status)) throw redirect(`/evaluations/${evaluation.id}`);
  return { id: evaluation.id, name: evaluation.name, idempotencyKey: newIdempotencyKey() };
}

/**
 * `check`: the listed partners the name may mean, to choose from (none: the invitation goes at once); `choose`: that
 * partner becomes the candidate; `send`: a new invitation. Each ends back on the evaluation's page.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, evaluation } = await inviteAccess(request, params.evaluationId);
  const form = await request.formData();
  const parsed = parseForm(form, inviteFormSchema);
  if (!parsed.ok) return parsed.response;
  const input = parsed.data;
  const back = `/evaluations/${evaluation.id}`;
  let outcome: "sent" | "chosen" | "listed";
  try {
    if (input.intent === "choose") {
      const chosen = await chooseListedPartner(actor, evaluation.id, input.partnerId);
      outcome = chosen.added ? "chosen" : "listed";
    } else {
      if (input.intent === "check") {
        const matches = await partnerMatches({
          ...input,
          organisationId: actor.organisationId,
          evaluationId: evaluation.id,
        });
        if (matches.length > 0) {
          return {
            ok: true as const,
            companyName: input.companyName,
            email: input.email,
            matches: matches.map((m) => matchView(m, input.email)),
            // The contact works for a listed partner: that partner is the one to choose, not a new one.
            mayInvite: !matches.some((m) => m.kind === "member"),
          };
        }
      }
      await once(form, "partner_invitation.create", async (tx) => {
        await createPartnerInvitation(tx, actor, evaluation.id, input);
        return back;
      });
      outcome = "sent";
    }
  } catch (error) {
    return failureAnswer(error, form);
  }
  throw redirect(`${back}?invitation=${outcome}`);
}

const MATCH_LABELS: Record<PartnerMatch["kind"], string> = {
  same: "Same name",
  close: "Similar name",
  member: "The contact works here",
};

/** A near match as the page shows it: its members' domains, and a warning when the contact's is not among them. */
function matchView(m: PartnerMatch, email: string) {
  const domain = emailDomain(email);
  return {
    partnerId: m.partnerId,
    name: m.name,
    label: MATCH_LABELS[m.kind],
    domains: m.domains.length > 0 ? m.domains.join(", ") : "no members yet",
    warning: m.domainMatches
      ? null
      : m.domains.length === 0
        ? `${m.name} has no members yet, so ${domain} cannot be checked against its addresses.`
        : `${domain} is not one of ${possessive(m.name)} domains: check that the contact works there before choosing it.`,
    shortlist:
      m.shortlist === "listed"
        ? "Already on this shortlist"
        : m.shortlist === "withdrawn"
          ? "Withdrawn from this evaluation"
          : null,
  };
}

type Answer = {
  ok: boolean;
  errors?: Record<string, string | undefined>;
  values?: Record<string, string>;
  formError?: string;
  companyName?: string;
  email?: string;
  matches?: ReturnType<typeof matchView>[];
  mayInvite?: boolean;
};

export default function InvitePartnerPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const choosing = answer?.ok && answer.matches ? answer : undefined;
  const errors = answer?.ok === false ? (answer.errors ?? {}) : {};
  const values = answer?.ok === false ? (answer.values ?? {}) : {};
  return (
    <>
      <p>
        <Link to={`/evaluations/${d.id}`}>← {d.name}</Link>
      </p>
      <PageHeader
        title="Invite a partner that is not listed"
        intro="Name the company and a contact there. If the company is listed already, choose it; otherwise the contact receives an invitation to create its partner profile, and the company joins the shortlist when they do."
      />
      <Form method="post" className="card evaluation-form">
        <IdempotencyField value={d.idempotencyKey} />
        <FormAlert message={answer?.ok === false ? answer.formError : undefined} />
        <Field
          label="Company name"
          name="companyName"
          required
          minLength={2}
          maxLength={MAX_ORG_NAME_LENGTH}
          autoComplete="organization"
          defaultValue={choosing?.companyName ?? values.companyName}
          error={errors.companyName}
          hint="As you know it: the contact can correct it when joining."
        />
        <Field
          label="Contact's e-mail"
          name="email"
          type="email"
          required
          maxLength={MAX_EMAIL_LENGTH}
          autoComplete="off"
          defaultValue={choosing?.email ?? values.email}
          error={errors.email}
          hint="A person at the company who can create its profile."
        />
        <div className="editor-actions">
          <button
            type="submit"
            name="intent"
            value="check"
            className={choosing ? "btn btn-secondary" : "btn btn-primary"}
          >
            {choosing ? "Check again" : "Continue"}
          </button>
          <Link to={`/evaluations/${d.id}`} className="btn btn-quiet">
            Cancel
          </Link>
        </div>
      </Form>
      {choosing ? <Matches answer={choosing} idempotencyKey={d.idempotencyKey} /> : null}
    </>
  );
}

/** The listed partners the name may mean, each to choose, and the new invitation. */
function Matches({ answer, idempotencyKey }: { answer: Answer; idempotencyKey: string }) {
  const companyName = answer.companyName ?? "";
  const email = answer.email ?? "";
  const typed = (
    <>
      <input type="hidden" name="companyName" value={companyName} />
      <input type="hidden" name="email" value={email} />
    </>
  );
  return (
    <section className="card spaced" aria-labelledby="matches-heading">
      <h2 id="matches-heading" className="section-title">
        Is it one of these listed partners?
      </h2>
      <p className="muted">
        Listed partners whose name is near “{companyName}”, with the e-mail domains of their members.
      </p>
      <div className="table-wrap">
        <table className="table-stack">
          <thead>
            <tr>
              <th scope="col">Partner</th>
              <th scope="col">Members' e-mail domains</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(answer.matches ?? []).map((m) => (
              <tr key={m.partnerId}>
                <td data-label="Partner">
                  <span>
                    <Link to={`/partners/${m.partnerId}`}>{m.name}</Link> <Badge>{m.label}</Badge>
                  </span>
                </td>
                <td data-label="Members' e-mail domains">
                  <div>
                    {m.domains}
                    {m.warning ? (
                      <p className="evaluation-note">
                        <Badge tone="warning">Check the contact</Badge> {m.warning}
                      </p>
                    ) : null}
                  </div>
                </td>
                <td data-label="Actions">
                  {m.shortlist ? (
                    <span className="muted">{m.shortlist}</span>
                  ) : (
                    <Form method="post">
                      {typed}
                      <input type="hidden" name="partnerId" value={m.partnerId} />
                      <button type="submit" name="intent" value="choose" className="btn btn-secondary">
                        Choose<span className="visually-hidden"> {m.name}</span>
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {answer.mayInvite ? (
        <Form method="post" className="spaced">
          <IdempotencyField value={idempotencyKey} />
          {typed}
          <p>None of them? {email} receives an invitation to create the partner profile.</p>
          <SubmitButton pendingText="Sending…">Send a new invitation</SubmitButton>
        </Form>
      ) : (
        <p className="muted">
          {email} belongs to a member of a listed partner: choose that partner rather than inviting a new one.
        </p>
      )}
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `Invite a partner · ${data?.name ?? "Evaluation"} · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
