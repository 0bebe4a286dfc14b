import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  CheckboxCardsField,
  Field,
  FormAlert,
  reloadAfterConflict,
  SelectField,
  SubmitButton,
  TextAreaField,
} from "~/components/forms";
import { PageHeader } from "~/components/page";
import { HEADCOUNT_BANDS, LABELS, PARTNER_TYPES, REGIONS } from "~/domain/profile";
import { MAX_DESCRIPTION_LENGTH, MAX_WEBSITE_LENGTH } from "~/domain/profile-limits";
import { getPartnerProfile } from "~/models/partner.server";
import { factsSchema, updateFacts } from "~/models/profile/facts.server";
import { COUNTRIES } from "~/models/profile/fields.server";
import { LIST_FIELDS, parseProfileForm, unknownIntent } from "~/models/profile/form.server";
import { profileActor } from "~/models/profile/write.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer } from "~/utils/errors.server";

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
  const form = await request.formData();
  try {
    if (form.get("intent") !== "save") unknownIntent();
    await updateFacts(profileActor(viewer), parseProfileForm(form, factsSchema));
  } catch (error) {
    return failureAnswer(error, form, { checked: LIST_FIELDS });
  }
  throw redirect("/profile?saved=facts");
}

export const shouldRevalidate = reloadAfterConflict;

export default function FactsPage() {
  const { facts, partnerTypes, headcounts, countries, regions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData && "errors" in actionData ? actionData : undefined;
  const errors: Record<string, string | undefined> = failed?.errors ?? {};
  const values: Record<string, string> | undefined = failed?.values;
  const checkedRegions: readonly string[] = values ? (failed?.checked?.regions ?? []) : facts.regions;
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
          <CheckboxCardsField
            legend="Regions served"
            name="regions"
            options={regions}
            checked={checkedRegions}
            error={errors.regions}
          />
          <TextAreaField
            id="facts-description"
            label="Short description"
            name="description"
            hint={<>What you do and for whom, in at most {MAX_DESCRIPTION_LENGTH} characters.</>}
            rows={5}
            maxLength={MAX_DESCRIPTION_LENGTH}
            defaultValue={values?.description ?? facts.description}
            error={errors.description}
          />
          <SubmitButton pendingText="Saving…">Save facts</SubmitButton>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Facts · Profile · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
