import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FieldError, FormAlert, SelectField, SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { HEADCOUNT_BANDS, LABELS, PARTNER_TYPES, REGIONS } from "~/domain/profile";
import { MAX_DESCRIPTION_LENGTH, MAX_WEBSITE_LENGTH } from "~/domain/profile-limits";
import { getPartnerProfile } from "~/models/partner.server";
import {
  COUNTRIES,
  conflictAnswer,
  factsSchema,
  parseProfileForm,
  refuse,
  updateFacts,
  VersionConflict,
} from "~/models/profile.server";
import { authorize, found } from "~/utils/access.server";
import { notFound } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const profile = found(await getPartnerProfile(viewer.organisationId));
  const f = profile.facts;
  return {
    facts: {
      partnerType: f.partnerType ?? "",
      hqCountry: f.hqCountry ?? "",
      regions: f.regions,
      headcountBand: f.headcountBand ?? "",
      website: f.website ?? "",
      description: f.description ?? "",
      version: f.version,
    },
    partnerTypes: [
      { value: "", label: "Not set" },
      ...PARTNER_TYPES.map((t) => ({ value: t, label: LABELS.partnerType[t] })),
    ],
    headcounts: [
      { value: "", label: "Not set" },
      ...HEADCOUNT_BANDS.map((h) => ({ value: h, label: LABELS.headcount[h] })),
    ],
    countries: [{ value: "", label: "Not set" }, ...COUNTRIES.map((c) => ({ value: c.code, label: c.name }))],
    regions: REGIONS.map((r) => ({ value: r, label: LABELS.region[r] })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  const form = await request.formData();
  if (form.get("intent") !== "save") return refuse(form, {}, "Unknown action.");
  const parsed = parseProfileForm(form, factsSchema);
  if (!parsed.ok) return parsed.response;
  try {
    const saved = await updateFacts(actor, parsed.data);
    if (!saved) notFound();
  } catch (error) {
    if (error instanceof VersionConflict) return conflictAnswer(form, error.message);
    throw error;
  }
  throw redirect("/profile?saved=facts");
}

/** After a version conflict (409) the page reloads, so the form carries the other person's version. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function FactsPage() {
  const { facts, partnerTypes, headcounts, countries, regions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData && "errors" in actionData ? actionData : undefined;
  const errors: Record<string, string | undefined> = failed?.errors ?? {};
  const values: Record<string, string> | undefined = failed?.values;
  const checkedRegions: readonly string[] = values ? (failed?.checked.regions ?? []) : facts.regions;
  return (
    <>
      <p>
        <Link to="/profile">← Profile</Link>
      </p>
      <PageHeader title="Facts" intro="Who you are: what buyers filter and read first." />
      <section className="card">
        <FormAlert message={failed?.formError} />
        <Form method="post" key={facts.version}>
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="version" value={facts.version} />
          <div className="profile-form-grid">
            <SelectField
              label="Partner type"
              name="partnerType"
              options={partnerTypes}
              defaultValue={values?.partnerType ?? facts.partnerType}
              error={errors.partnerType}
            />
            <SelectField
              label="Headquarters country"
              name="hqCountry"
              options={countries}
              defaultValue={values?.hqCountry ?? facts.hqCountry}
              error={errors.hqCountry}
            />
            <SelectField
              label="Headcount"
              name="headcountBand"
              options={headcounts}
              defaultValue={values?.headcountBand ?? facts.headcountBand}
              error={errors.headcountBand}
            />
            <Field
              label="Website"
              name="website"
              type="url"
              maxLength={MAX_WEBSITE_LENGTH}
              placeholder="https://"
              defaultValue={values?.website ?? facts.website}
              error={errors.website}
            />
          </div>
          <fieldset className="field">
            <legend>Regions served</legend>
            <div className="choice-cards">
              {regions.map((r) => (
                <label key={r.value} className="choice-card">
                  <input
                    type="checkbox"
                    name="regions"
                    value={r.value}
                    defaultChecked={checkedRegions.includes(r.value)}
                  />
                  <span>{r.label}</span>
                </label>
              ))}
            </div>
            <FieldError error={errors.regions} />
          </fieldset>
          <div className="field">
            <label htmlFor="facts-description">Short description</label>
            <p className="hint" id="facts-description-hint">
              What you do and for whom, in at most {MAX_DESCRIPTION_LENGTH} characters.
            </p>
            <textarea
              id="facts-description"
              name="description"
              rows={5}
              maxLength={MAX_DESCRIPTION_LENGTH}
              aria-describedby="facts-description-hint facts-description-error"
              aria-invalid={errors.description ? true : undefined}
              defaultValue={values?.description ?? facts.description}
            />
            <FieldError id="facts-description-error" error={errors.description} />
          </div>
          <SubmitButton pendingText="Saving…">Save facts</SubmitButton>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Facts · Profile · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
