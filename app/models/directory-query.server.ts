// The directory's search, filters, sort and page as the URL says them: read, checked against the choices that
// exist, and turned into the filter `listDirectory` (directory.server.ts) applies.
import {
  PROVIDERS,
  type Provider,
  SIZE_BANDS,
  type SizeBand,
  SUPPORT_HOURS,
  type SupportHours,
  specializationKey,
  TIERS,
  type Tier,
  todayUtc,
  USE_CASES,
  type UseCase,
} from "../domain/profile";
import { CLAIM_KINDS, type ClaimKind } from "./evidence/claims.server";

export const DIRECTORY_SEARCH_MAX = 100;
// NOTE: OFFSET paging past this many pages is not something a person does; it only costs the database.
const MAX_PAGE = 10_000;

export const DIRECTORY_SORTS = ["name", "tier", "updated"] as const;
export type DirectorySort = (typeof DIRECTORY_SORTS)[number];

export interface DirectoryFilter {
  /** Case-insensitive substring of the partner's name. */
  search?: string;
  tier?: Tier;
  /** A specialization's name key (`specializationKey`): built-in or free-form. */
  specialization?: string;
  provider?: Provider;
  /** Lower-cased, trimmed industry of a reference deployment. */
  industry?: string;
  sizeBand?: SizeBand;
  useCase?: UseCase;
  supportHours?: SupportHours;
  /** Partners with evidence on a claim of this kind that the buyer below verified (current version). */
  verifiedClaim?: ClaimKind;
  /** The buyer whose verifications count (a buyer's own only: each buyer keeps its own). */
  buyerOrganisationId?: string;
  sort: DirectorySort;
  /** ISO day (UTC): a credential is current through its expiry date. */
  today: string;
}

export interface DirectoryOption {
  value: string;
  label: string;
}

export interface DirectoryValues {
  q: string;
  tier: string;
  specialization: string;
  provider: string;
  industry: string;
  size: string;
  useCase: string;
  hours: string;
  verified: string;
  sort: string;
}

export interface DirectoryQuery {
  filter: DirectoryFilter;
  page: number;
  values: DirectoryValues;
  errors: Partial<Record<keyof DirectoryValues | "page", string>>;
}

function oneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/**
 * Reads the directory's search, filters, sort and page from the URL. A bad value gets a message at its field and
 * is not applied; nothing here throws.
 */
export function parseDirectoryQuery(
  params: URLSearchParams,
  options: { industries: readonly DirectoryOption[]; specializations: readonly DirectoryOption[] },
  today = todayUtc(),
  /** The viewer's organisation when it is a buyer: its own verifications can filter the list. */
  buyerOrganisationId?: string,
): DirectoryQuery {
  const get = (name: string) => (params.get(name) ?? "").trim();
  const values: DirectoryValues = {
    q: get("q"),
    tier: get("tier"),
    specialization: get("specialization"),
    provider: get("provider"),
    industry: get("industry"),
    size: get("size"),
    useCase: get("useCase"),
    hours: get("hours"),
    verified: get("verified"),
    sort: get("sort"),
  };
  const errors: DirectoryQuery["errors"] = {};
  const filter: DirectoryFilter = { sort: "name", today };
  if (values.q) {
    if (values.q.length > DIRECTORY_SEARCH_MAX)
      errors.q = `Search with at most ${DIRECTORY_SEARCH_MAX} characters.`;
    else filter.search = values.q;
  }
  if (values.tier) {
    if (oneOf(TIERS, values.tier)) filter.tier = values.tier;
    else errors.tier = "Choose a tier from the list.";
  }
  if (values.specialization) {
    const key = specializationKey(values.specialization);
    if (options.specializations.some((o) => o.value === key)) filter.specialization = key;
    else errors.specialization = "Choose a specialization from the list.";
  }
  if (values.provider) {
    if (oneOf(PROVIDERS, values.provider)) filter.provider = values.provider;
    else errors.provider = "Choose a model provider from the list.";
  }
  if (values.industry) {
    const key = values.industry.toLowerCase();
    if (options.industries.some((o) => o.value === key)) filter.industry = key;
    else errors.industry = "Choose an industry from the list.";
  }
  if (values.size) {
    if (oneOf(SIZE_BANDS, values.size)) filter.sizeBand = values.size;
    else errors.size = "Choose a size band from the list.";
  }
  if (values.useCase) {
    if (oneOf(USE_CASES, values.useCase)) filter.useCase = values.useCase;
    else errors.useCase = "Choose a use case from the list.";
  }
  if (values.hours) {
    if (oneOf(SUPPORT_HOURS, values.hours)) filter.supportHours = values.hours;
    else errors.hours = "Choose support hours from the list.";
  }
  if (values.verified) {
    if (!buyerOrganisationId) errors.verified = "Only buyers verify evidence.";
    else if (oneOf(CLAIM_KINDS, values.verified)) {
      filter.verifiedClaim = values.verified;
      filter.buyerOrganisationId = buyerOrganisationId;
    } else errors.verified = "Choose a kind of claim from the list.";
  }
  if (values.sort) {
    if (oneOf(DIRECTORY_SORTS, values.sort)) filter.sort = values.sort;
    else errors.sort = "Choose an order from the list.";
  }
  let page = 1;
  const rawPage = params.get("page");
  if (rawPage !== null && rawPage !== "") {
    const n = Number(rawPage);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_PAGE) page = n;
    else errors.page = "That page does not exist; showing the first.";
  }
  return { filter, page, values, errors };
}
