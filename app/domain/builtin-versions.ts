// The versions of the built-in checklist (docs/product.md "Built-in checklist, version 2"). Each version keeps its own
// template id and its content for good: a copy or an evaluation made from it is a copy, so a new version never
// changes them, and the old version stays readable and can still be copied. New copies start from the current one.
import { BUILT_IN_CHECKLIST, BUILT_IN_TEMPLATE_ID } from "./builtin-checklist";
import {
  BUILT_IN_CHECKLIST_V2,
  BUILT_IN_V2_TEMPLATE_ID,
  VERSION_2_ADDITIONS,
  VERSION_2_REASON,
} from "./builtin-checklist-v2";
import type { Checklist } from "./checklist";

export interface BuiltInVersion {
  /** Its template id, in addresses and forms. */
  id: string;
  version: number;
  checklist: Checklist;
  /** What a copy or an evaluation records it was made from, for people: the name with the version. */
  label: string;
  /** The id of the version that replaced it; null for the current one. */
  supersededBy: string | null;
}

const version = (id: string, n: number, checklist: Checklist, supersededBy: string | null) => ({
  id,
  version: n,
  checklist,
  label: `${checklist.name} (version ${n})`,
  supersededBy,
});

/** Oldest first; the last one is the current version. */
export const BUILT_IN_VERSIONS: readonly BuiltInVersion[] = [
  version(BUILT_IN_TEMPLATE_ID, 1, BUILT_IN_CHECKLIST, BUILT_IN_V2_TEMPLATE_ID),
  version(BUILT_IN_V2_TEMPLATE_ID, 2, BUILT_IN_CHECKLIST_V2, null),
];

export const CURRENT_BUILT_IN: BuiltInVersion = BUILT_IN_VERSIONS[BUILT_IN_VERSIONS.length - 1];

/** The built-in version with this template id, if it is one. */
export function builtInVersion(id: string): BuiltInVersion | undefined {
  return BUILT_IN_VERSIONS.find((v) => v.id === id);
}

export interface VersionChanges {
  from: number;
  to: number;
  reason: string;
  /** How many criteria of the earlier version are kept, word for word. */
  kept: number;
  added: {
    section: string;
    criterion: string;
    weight: number;
    knockout: number | null;
    frameworks: string;
  }[];
}

const sectionName = new Map(BUILT_IN_CHECKLIST_V2.sections.map((s) => [s.key, s.name]));

/** What version 2 changed and why, as the built-in checklist's pages tell it. */
export const VERSION_2_CHANGES: VersionChanges = {
  from: 1,
  to: 2,
  reason: VERSION_2_REASON,
  kept: BUILT_IN_CHECKLIST.sections.reduce((n, s) => n + s.criteria.length, 0),
  added: VERSION_2_ADDITIONS.map((a) => ({
    section: sectionName.get(a.section) ?? a.section,
    criterion: a.criterion.name,
    weight: a.criterion.weight,
    knockout: a.criterion.knockout,
    frameworks: a.frameworks,
  })),
};

/** A built-in version's place among the others, as its page shows it. */
export interface BuiltInEdition {
  version: number;
  /** The version that replaced it; null for the current one. */
  supersededBy: { id: string; version: number } | null;
  /** The version it replaced; null for the first. */
  supersedes: { id: string; version: number } | null;
  /** What changed between version 1 and version 2, and why: both pages tell it. */
  changes: VersionChanges;
}

const ref = (v: BuiltInVersion | undefined) => (v ? { id: v.id, version: v.version } : null);

export function builtInEdition(id: string): BuiltInEdition | null {
  const v = builtInVersion(id);
  if (!v) return null;
  return {
    version: v.version,
    supersededBy: ref(v.supersededBy ? builtInVersion(v.supersededBy) : undefined),
    supersedes: ref(BUILT_IN_VERSIONS.find((x) => x.supersededBy === v.id)),
    changes: VERSION_2_CHANGES,
  };
}
