// The built-in checklist, version 2 (docs/product.md "Built-in checklist, version 2"): version 1 word for word, with
// five rated criteria that AI risk frameworks ask of vendors and version 1 did not, each at the end of its section.
// Section weights do not change. Pure data, checked by tests/builtin-checklist-v2.test.ts.
import { BUILT_IN_CHECKLIST, rated } from "./builtin-checklist";
import type { Checklist, ChecklistCriterion } from "./checklist";

export const BUILT_IN_V2_TEMPLATE_ID = "builtin-v2";

export interface Addition {
  /** The key of the section the criterion joins, at its end. */
  section: string;
  /** The framework clauses that ask the question, for the page that says what changed. */
  frameworks: string;
  criterion: ChecklistCriterion;
}

/** NOTE: the frameworks are NIST AI RMF 1.0, the OWASP Top 10 for LLM Applications 2025 and ISO/IEC 42001:2023. */
export const VERSION_2_ADDITIONS: readonly Addition[] = [
  {
    section: "model_agnosticism",
    frameworks:
      "NIST AI RMF MANAGE 3.2 (pre-trained models monitored as part of maintenance) and GOVERN 6.2 (contingency for failures of third-party AI systems)",
    criterion: rated({
      key: "model_agnosticism.model_changes",
      name: "Model versions pinned, provider changes tracked, and a tested fallback",
      question:
        "Are the model versions the system uses pinned, are the providers' retirement dates tracked, are acceptance tests re-run before any model or prompt change, and is there a tested fallback if a provider fails or changes its terms?",
      weight: 2,
      low: "The system calls a provider's latest model alias with no version pinned, and there is no register of retirement dates and no fallback plan.",
      middle:
        "A configuration file pins every model version and a register lists each provider's announced retirement dates, but no change log shows tests re-run before changes and the fallback provider has never been tested.",
      high: "Every model version is pinned in configuration, a change log shows the acceptance tests re-run with their results before each model or prompt change, and a dated failover test report shows the fallback provider meeting the acceptance thresholds.",
    }),
  },
  {
    section: "security",
    frameworks:
      "NIST AI RMF MEASURE 2.7 (security and resilience evaluated and documented); OWASP Top 10 for LLM Applications LLM01 prompt injection, LLM02 sensitive information disclosure and LLM06 excessive agency",
    criterion: rated({
      key: "security.adversarial_testing",
      name: "Adversarial testing, with the report and fixes shared",
      question:
        "Has the system been tested against prompt injection (typed directly, and hidden in documents and tool outputs), leakage of data and tools acting beyond their remit, and will the partner share the report and the fixes?",
      weight: 2,
      low: "No adversarial test has been run or planned, or the partner will not share a test report.",
      middle:
        "A test report covers direct prompt injection and data leakage, with the attacks tried and their outcomes, but not injection through documents or tool outputs, or some findings have no recorded fix.",
      high: "A report by a named tester covers direct and indirect prompt injection, data leakage and tool actions beyond their remit, lists each finding with its severity, and shows every high or critical finding fixed and retested before go-live.",
    }),
  },
  {
    section: "security",
    frameworks:
      "NIST AI RMF GOVERN 6.1 (risks of third-party entities); ISO/IEC 42001 Annex A.10 (suppliers, and the responsibilities shared with them)",
    criterion: rated({
      key: "security.sub_processors",
      name: "Sub-processors named, none training on or keeping the buyer's data",
      question:
        "Does the partner name every sub-processor that sees the buyer's data (model providers, vector stores, monitoring, staff AI tools), show that none trains on it or keeps it beyond the terms, and give notice before adding a new one?",
      weight: 2,
      knockout: 2,
      low: "The partner cannot list the services that would see the buyer's data, or one of them may train on it or keep it under its default terms.",
      middle:
        "A written list names each sub-processor with its role and processing region, and each one's terms exclude training on the buyer's data, but retention periods or notice before a new sub-processor are not in the contract.",
      high: "The data-processing agreement lists every sub-processor with its region and retention period, each one's terms or zero-retention setting exclude training on the buyer's data, and the contract gives 30 days' notice and a right to object before a new one.",
    }),
  },
  {
    section: "delivery",
    frameworks:
      "NIST AI RMF MEASURE 2.3 (performance measured in conditions like the deployment), MEASURE 2.5 (shown to be valid and reliable) and MEASURE 2.11 (fairness and bias evaluated)",
    criterion: rated({
      key: "delivery.acceptance_testing",
      name: "Acceptance testing before go-live against written thresholds",
      question:
        "Before go-live, will the system be tested on data drawn from the buyer's own, against written thresholds for accuracy, error or hallucination rate and, where people are affected, bias, with the results and the test set shared?",
      weight: 2,
      low: "There is no acceptance test before go-live, or only a demonstration on examples the partner chose, with no written pass mark.",
      middle:
        "A test plan sets written thresholds for accuracy and error rate on a test set drawn from the buyer's data, but the test set and per-case results are not handed over, or bias is not measured where people are affected.",
      high: "A signed test plan sets thresholds (for example at least 95% accuracy and at most 2% hallucinated answers) on a test set of stated size drawn from the buyer's data, with bias measured by group where people are affected, and the test set and a results report show each threshold met.",
    }),
  },
  {
    section: "commercials",
    frameworks:
      "NIST AI RMF GOVERN 6.1 (infringement of third parties' intellectual property); ISO/IEC 42001 Annex A.10 (responsibilities allocated between the parties)",
    criterion: rated({
      key: "commercials.ip_indemnity",
      name: "Ownership of generated work, IP checks, indemnity and insurance",
      question:
        "Does the contract give the buyer ownership of what the partner's tools generate, with licence and IP checks and an indemnity, and does the partner hold professional indemnity and cyber insurance?",
      weight: 1,
      low: "The contract is silent on who owns generated code and content, offers no IP indemnity, and the partner shows no insurance certificate.",
      middle:
        "The contract assigns generated work to the buyer and current certificates show professional indemnity and cyber insurance, but no licence scan of generated code is planned or the IP indemnity is capped below the contract value.",
      high: "The contract assigns all generated work to the buyer, a licence and IP scan report of delivered code is part of acceptance, the IP indemnity is at least the contract value, and current certificates show both insurances at the amounts the buyer sets.",
    }),
  },
];

/** Why version 2 exists, in the words the built-in checklist's page shows. */
export const VERSION_2_REASON =
  "Buyers compared the checklist with what reputable AI risk frameworks ask of AI vendors: the NIST AI Risk Management Framework (MEASURE 2.3, 2.5, 2.7 and 2.11, GOVERN 6.1 and 6.2, MANAGE 3.2), the OWASP Top 10 for LLM Applications and ISO/IEC 42001 Annex A on third parties. Five of their questions had no criterion in version 1.";

function withAdditions(checklist: Checklist): Checklist {
  return {
    ...checklist,
    sections: checklist.sections.map((s) => ({
      ...s,
      criteria: [
        ...s.criteria,
        ...VERSION_2_ADDITIONS.filter((a) => a.section === s.key).map((a) => a.criterion),
      ],
    })),
  };
}

/** Version 2 of the built-in checklist: 8 sections, 34 criteria. */
export const BUILT_IN_CHECKLIST_V2: Checklist = {
  ...withAdditions(BUILT_IN_CHECKLIST),
  description:
    "Due diligence for choosing a partner to implement AI systems: the partner's standing with the AI vendor and its certified people, the specializations it holds and has delivered, reference deployments the buyer can confirm, independence from any one model provider and from unannounced model changes, support after go-live, security, data and governance with adversarial testing and named sub-processors, and a delivery plan that changes a named workflow and is accepted against written thresholds. Commercials (day rate; IP, indemnity and insurance) weigh 0 until the buyer switches them on. Version 2 adds five questions that the NIST AI RMF, the OWASP Top 10 for LLM Applications and ISO/IEC 42001 ask of AI vendors. Copy this template to adjust sections, criteria and weights.",
};
