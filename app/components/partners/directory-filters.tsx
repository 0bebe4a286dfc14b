import { Form, Link } from "@remix-run/react";
import { Field, SelectField } from "../forms";

type Options = readonly { value: string; label: string }[];

/** The directory's search, filters and order as the URL gave them, each with its message when refused. */
export interface DirectoryFilterView {
  values: Record<
    | "q"
    | "tier"
    | "specialization"
    | "provider"
    | "industry"
    | "size"
    | "useCase"
    | "hours"
    | "verified"
    | "sort",
    string
  >;
  errors: Partial<Record<string, string>>;
  options: {
    tier: Options;
    specialization: Options;
    provider: Options;
    industry: Options;
    size: Options;
    useCase: Options;
    hours: Options;
    /** Buyers only: their own verifications filter the list. */
    verified: Options | null;
    sort: Options;
  };
  searchMax: number;
}

/** The directory's search and filters: a GET form, so every result is a link. */
export function DirectoryFilters({ values, errors, options, searchMax }: DirectoryFilterView) {
  const select = (label: string, name: Exclude<keyof DirectoryFilterView["options"], "verified">) => (
    <SelectField
      label={label}
      name={name}
      options={options[name]}
      defaultValue={values[name]}
      error={errors[name]}
    />
  );
  return (
    <section className="card" aria-labelledby="filter-title">
      <h2 id="filter-title" className="visually-hidden">
        Search and filter
      </h2>
      <Form method="get" className="filters directory-filters">
        <Field
          label="Name"
          name="q"
          type="search"
          defaultValue={values.q}
          maxLength={searchMax}
          error={errors.q}
        />
        {select("Tier", "tier")}
        {select("Current specialization", "specialization")}
        {select("Model provider in production", "provider")}
        <SelectField
          label="Reference industry"
          name="industry"
          options={options.industry}
          defaultValue={values.industry.toLowerCase()}
          error={errors.industry}
        />
        {select("Reference customer size", "size")}
        {select("Reference use case", "useCase")}
        {select("Support hours", "hours")}
        {options.verified ? (
          <SelectField
            label="Evidence you verified on"
            name="verified"
            options={options.verified}
            defaultValue={values.verified}
            error={errors.verified}
          />
        ) : null}
        <SelectField
          label="Sort by"
          name="sort"
          options={options.sort}
          defaultValue={values.sort || "name"}
          error={errors.sort}
        />
        <div className="inline-form">
          <button type="submit" className="btn btn-primary">
            Search
          </button>
          <Link to="/partners" className="btn btn-secondary">
            Clear
          </Link>
        </div>
      </Form>
    </section>
  );
}
