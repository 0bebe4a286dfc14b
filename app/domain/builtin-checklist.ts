// The built-in checklist, version 1 (docs/product.md "Built-in checklist: AI implementation partner due diligence"):
// ships with the product, read-only; buyers copy it into their own templates. Superseded by version 2
// (builtin-checklist-v2.ts), but kept as it is, word for word: it is what earlier copies and evaluations were made
// from. Pure data, checked by tests/builtin-checklist.test.ts; the versions are listed in builtin-versions.ts.
import type { Checklist, ChecklistCriterion, ChecklistSection, SuggestionRule } from "./checklist";

/** Version 1's template id, the one the built-in checklist had before there were versions. */
export const BUILT_IN_TEMPLATE_ID = "builtin";

export interface RatedSpec {
  key: string;
  name: string;
  question: string;
  weight: number;
  low: string;
  middle: string;
  high: string;
  knockout?: number;
  auto?: SuggestionRule;
}

/** A rated criterion on 0-5 with its rubric for 0, 3 and 5. */
export function rated(spec: RatedSpec): ChecklistCriterion {
  return {
    key: spec.key,
    name: spec.name,
    question: spec.question,
    kind: "rated",
    weight: spec.weight,
    max: 5,
    rubric: { low: spec.low, middle: spec.middle, high: spec.high },
    knockout: spec.knockout ?? null,
    suggestionRule: spec.auto ?? null,
    unit: null,
    direction: null,
    profileField: null,
  };
}

function section(
  key: string,
  name: string,
  weight: number,
  description: string,
  criteria: ChecklistCriterion[],
): ChecklistSection {
  return { key, name, description, weight, criteria };
}

const standing = section(
  "standing",
  "Partner standing and certification",
  10,
  "The vendor's own assessment of the partner and the certifications of the people who will do the work are the cheapest independent signals of competence a buyer can check.",
  [
    rated({
      key: "standing.tier",
      name: "Network tier",
      question:
        "What tier does the partner currently hold in the AI vendor's partner network, as shown by the vendor?",
      weight: 3,
      auto: "tier",
      low: "The partner holds no tier in the vendor's partner network, or no membership could be confirmed in the vendor's directory or a membership letter.",
      middle:
        "The partner holds the advanced tier, confirmed by the vendor's partner directory or a current membership letter.",
      high: "The partner holds the vendor's elite tier, confirmed by the vendor's partner directory or a membership letter dated within the last 12 months.",
    }),
    rated({
      key: "standing.certified_team",
      name: "Certified practitioners on the proposed team",
      question:
        "How many of the named people on the proposed delivery team hold a current certification relevant to the work?",
      weight: 3,
      low: "The proposal names no team members, or none of the named people holds a current certification that could be checked.",
      middle:
        "At least one named member of the proposed team holds a current, verifiable certification relevant to the work.",
      high: "The technical lead and most named team members hold current certifications, each checked by certificate ID or the vendor's verification page, and the proposal commits them to the engagement.",
    }),
    rated({
      key: "standing.certifications_current",
      name: "Certifications current, with renewal or ongoing assessment",
      question:
        "Are the partner's certifications in date, and does the partner keep them current through renewal or ongoing assessment?",
      weight: 2,
      low: "Certifications are expired, undated, or could not be matched to a certificate ID or expiry date.",
      middle:
        "The certifications shown are in date, but the partner cannot show a renewal plan or a record of past renewals.",
      high: "All certifications shown are in date and the partner shows a renewal calendar or assessment records with past renewals completed before their expiry dates.",
    }),
    rated({
      key: "standing.forward_deployed",
      name: "Access to the vendor's forward-deployed engineers for complex work",
      question:
        "Can the partner bring in the AI vendor's forward-deployed engineers when the work needs them, and how?",
      weight: 1,
      low: "The partner has no route to the vendor's engineers beyond the vendor's public support channels.",
      middle:
        "The partner names a vendor contact and describes how it escalates to vendor engineers, without a past example the buyer can check.",
      high: "The partner shows a written escalation path to the vendor's forward-deployed engineers and at least one past engagement where they took part, confirmed by the vendor or the customer.",
    }),
  ],
);

const specializations = section(
  "specializations",
  "Specializations",
  15,
  "A partner that has delivered in the buyer's specializations brings tested patterns and known pitfalls instead of learning on the buyer's project.",
  [
    rated({
      key: "specializations.coverage",
      name: "Coverage of the specializations this buyer needs",
      question: "How many of the specializations this buyer requires does the partner currently hold?",
      weight: 3,
      auto: "specialization_coverage",
      low: "The partner holds none of the specializations the buyer requires, or none is current.",
      middle:
        "The partner holds about half to two thirds of the required specializations, each current on its expiry date in the profile.",
      high: "The partner holds every specialization the buyer requires, each current on its expiry date and shown in the vendor's directory or a certificate.",
    }),
    rated({
      key: "specializations.delivered",
      name: "Delivered projects in each needed specialization, with evidence",
      question:
        "Has the partner delivered projects in each specialization the buyer needs, and is there evidence for each?",
      weight: 3,
      low: "The partner shows no delivered project in any needed specialization, or only marketing material without a customer, date or scope.",
      middle:
        "The partner shows delivered projects with customer, date and scope for some needed specializations, backed by case studies, statements of work or sign-off documents.",
      high: "Every needed specialization has at least one delivered project with customer, date and scope, backed by a statement of work, acceptance sign-off or a customer who confirms it.",
    }),
  ],
);

const references = section(
  "references",
  "Reference deployments",
  25,
  "Deployments the buyer can confirm with the customers who run them are the strongest evidence of what the partner will deliver.",
  [
    rated({
      key: "references.comparable",
      name: "References at comparable scale and use case",
      question:
        "How many of the partner's production references match the buyer's organisation size and one of its use cases?",
      weight: 3,
      auto: "comparable_references",
      low: "No production reference is within one size band of the buyer and in one of its use cases.",
      middle:
        "Two production references are within one size band of the buyer and in one of its use cases, named with customer and go-live date.",
      high: "Three or more comparable production references, at least one with a reference contact the buyer can call and evidence the buyer has verified.",
    }),
    rated({
      key: "references.outcomes",
      name: "Outcomes measured against a stated baseline",
      question: "Do the references report outcomes measured against a baseline stated before the work began?",
      weight: 3,
      low: "The references report no measured outcome, or claim results with no baseline, date or measure.",
      middle:
        "At least one reference reports a measured outcome against a stated baseline, with the metric and the measurement period named.",
      high: "Several references report outcomes against baselines recorded before the project, with metric, period and source (a dashboard export, report or customer statement) the customer confirms.",
    }),
    rated({
      key: "references.calls",
      name: "Reference calls held and confirmed",
      question:
        "Has the buyer held reference calls with the partner's customers that confirmed the partner's claims?",
      weight: 2,
      low: "No reference call was offered or held, or the contact could not be reached.",
      middle:
        "One reference call was held with a named customer contact, who confirmed the scope and the partner's role, with the call date and notes recorded.",
      high: "Two or more reference calls with named customer contacts confirmed scope, role, outcomes and support after go-live, with call dates and notes recorded.",
    }),
    rated({
      key: "references.in_production",
      name: "In production and operated after go-live",
      question:
        "Are the references in production, and did the partner operate or support them after go-live?",
      weight: 2,
      knockout: 1,
      low: "No reference is in production, or none could be confirmed as operated by the partner after go-live.",
      middle:
        "At least one reference is in production and the partner ran it for a period after go-live, confirmed by the customer.",
      high: "Several references have run in production for 6+ months with the partner operating or co-managing them, shown by support tickets, release notes or customer confirmation.",
    }),
  ],
);

const modelAgnosticism = section(
  "model_agnosticism",
  "Model-agnosticism",
  15,
  "A partner that works across model providers can choose on merit and leaves the buyer free to switch as models, prices and terms change.",
  [
    rated({
      key: "model_agnosticism.provider_breadth",
      name: "Production deployments across model providers",
      question: "With how many model providers does the partner have at least one deployment in production?",
      weight: 3,
      auto: "provider_breadth",
      low: "The partner shows no production deployment with any model provider.",
      middle:
        "The partner shows production deployments with two model providers, each backed by a named reference or evidence.",
      high: "The partner shows production deployments with three or more model providers, each backed by a named reference or evidence.",
    }),
    rated({
      key: "model_agnosticism.neutral_analysis",
      name: "Vendor-neutral trade-off analysis and disclosure of the partner's incentives",
      question:
        "Does the partner compare models and providers on the buyer's criteria and disclose its own commercial incentives?",
      weight: 2,
      low: "The partner recommends a single provider without a written comparison and does not disclose resale margins, rebates or partner-programme incentives.",
      middle:
        "The partner provides a written comparison of at least two providers on cost, quality and terms, and discloses its partner-programme memberships.",
      high: "The partner provides a written comparison of several providers, tested on the buyer's own tasks with results, and a signed disclosure of every margin, rebate and incentive it receives.",
    }),
    rated({
      key: "model_agnosticism.portability",
      name: "Portability and exit plan for prompts, evaluations and data",
      question:
        "Does the partner commit to a plan that lets the buyer move its prompts, evaluations and data to another provider or partner?",
      weight: 2,
      low: "There is no exit plan, or prompts, evaluation sets and data would stay in the partner's tools or accounts.",
      middle:
        "The proposal states that prompts, evaluation sets and data belong to the buyer and lists the formats in which they are handed over.",
      high: "The contract grants the buyer ownership of prompts, evaluation sets and data, names the export formats and handover steps, and the partner shows a past migration between providers or partners.",
    }),
  ],
);

const support = section(
  "support",
  "Post-deployment support",
  20,
  "AI systems change after launch as models, data and usage shift, so the buyer needs a partner that keeps them running, measured and recoverable.",
  [
    rated({
      key: "support.terms",
      name: "Support terms",
      question:
        "Do the partner's support terms cover 24x7 hours, a P1 response within 60 minutes, a warranty of 90+ days, partner-run or co-managed maintenance and a rollback runbook?",
      weight: 3,
      auto: "support_terms",
      low: "The partner offers no written support terms, or the terms meet none of the five conditions.",
      middle:
        "The written support terms meet three of the five conditions: 24x7 hours, P1 response within 60 minutes, warranty of 90+ days, partner-run or co-managed maintenance, rollback and kill-switch runbook.",
      high: "The written support terms meet all five conditions, stated in the contract or a service-level agreement the partner will sign.",
    }),
    rated({
      key: "support.maintenance_owner",
      name: "Named owner for maintenance after launch",
      question: "Is a named person or team accountable for maintaining the system after launch?",
      weight: 3,
      low: "No one is named for maintenance after launch, or it is left to 'the team'.",
      middle:
        "A named person at the partner owns maintenance after launch, with responsibilities described in the proposal.",
      high: "A named owner and a backup are in the contract with responsibilities, hours and a handover plan, and the owner has done the same role on a reference the buyer can check.",
    }),
    rated({
      key: "support.rollback",
      name: "Rollback path and kill switch",
      question:
        "Can the system be rolled back to a previous version or switched off quickly, and has that been shown to work?",
      weight: 2,
      low: "There is no documented rollback path or kill switch.",
      middle:
        "A written runbook describes the rollback steps and the kill switch, with who may trigger them.",
      high: "A written runbook names who triggers rollback and the kill switch, and the partner shows a dated test or past incident where it was used and the time it took.",
    }),
    rated({
      key: "support.monitoring",
      name: "Monitoring, evaluation loops and incident response",
      question:
        "Does the partner monitor the system in production, re-run evaluations on changes and respond to incidents through a defined process?",
      weight: 2,
      low: "There is no production monitoring, no evaluation set re-run after changes, and no incident process.",
      middle:
        "The partner shows a monitoring dashboard and an incident process with severities and contacts, but evaluations are run only by hand.",
      high: "The partner shows monitoring dashboards with alerts, an evaluation suite that runs on every model or prompt change with results kept, and past incident reports with timelines.",
    }),
    rated({
      key: "support.knowledge_transfer",
      name: "Knowledge transfer and training",
      question:
        "Will the buyer's own staff be able to run and change the system, through documentation and training the partner provides?",
      weight: 2,
      low: "There is no plan for documentation or training of the buyer's staff.",
      middle:
        "The proposal lists the documentation to be handed over and training sessions with their audience and number of hours.",
      high: "The plan names the buyer's staff to be trained, the sessions and documents delivered, and a handover test in which buyer staff carry out a release or rollback unaided.",
    }),
  ],
);

const security = section(
  "security",
  "Security, data and governance",
  10,
  "AI systems act on the buyer's data and systems, so access, records and data handling must meet the buyer's controls before anything reaches production.",
  [
    rated({
      key: "security.identities",
      name: "Least-privilege, time-bound identities for AI systems",
      question:
        "Do the AI systems and agents run under their own identities with only the access they need, for a limited time?",
      weight: 2,
      low: "AI systems run under shared, personal or administrator accounts, or with long-lived keys that are not rotated.",
      middle:
        "Each AI system has its own service identity with permissions listed in the design, but credentials are long-lived.",
      high: "Each AI system has its own identity with scoped permissions and short-lived credentials that expire, shown in the design and in an access review or configuration export.",
    }),
    rated({
      key: "security.logging",
      name: "Logging of prompts, outputs and tool actions",
      question:
        "Are prompts, model outputs and the actions tools take recorded so that the buyer can reconstruct what happened?",
      weight: 2,
      low: "Prompts, outputs and tool actions are not logged, or logs are kept only in the model provider's console.",
      middle:
        "Prompts and outputs are logged in a store the buyer can query, but tool actions or the user behind each request are missing.",
      high: "Prompts, outputs, tool actions and the user or system behind each are logged with timestamps in the buyer's store, with a stated retention and a sample log shown.",
    }),
    rated({
      key: "security.data_handling",
      name: "Data classification, boundaries, retention and processing location",
      question:
        "Does the design state which data classes the system may use, where they are processed and how long they are kept?",
      weight: 2,
      low: "The design does not say which data the system uses, where it is processed or how long it is kept.",
      middle:
        "The design lists the data classes used and the processing region, but retention periods or boundaries between data sets are missing.",
      high: "A data-flow document lists each data class, its boundaries, the processing region of every provider and its retention period, matching the provider's data-processing terms.",
    }),
    rated({
      key: "security.human_review",
      name: "Human review points and approval of production workflows",
      question:
        "Are there human review points for consequential outputs, and does a named person approve workflows before they go to production?",
      weight: 1,
      low: "Outputs act without any human review, and workflows go to production without a recorded approval.",
      middle:
        "The design marks where people review outputs, but approval of workflows for production is informal.",
      high: "The design names the review points with who reviews and when, and each production workflow has a recorded approval by a named buyer owner.",
    }),
    rated({
      key: "security.control_framework",
      name: "Fits the buyer's control framework (for example Essential Eight)",
      question:
        "Does the partner map its solution to the buyer's control framework, such as the Essential Eight, and show how each control is met?",
      weight: 1,
      low: "The partner does not refer to the buyer's control framework, or is not familiar with it.",
      middle:
        "The partner provides a mapping of the solution to the framework's controls, with some controls still open.",
      high: "The partner provides a complete control mapping with evidence for each control, such as configuration exports, policies or an auditor's report.",
    }),
    rated({
      key: "security.review_terms",
      name: "Accepts the buyer's security review and data-processing terms",
      question:
        "Will the partner complete the buyer's security review and sign its data-processing terms without material exceptions?",
      weight: 1,
      knockout: 3,
      low: "The partner refuses the buyer's security review or its data-processing terms.",
      middle:
        "The partner accepts the security review and the data-processing terms with minor exceptions, each listed in writing.",
      high: "The partner has completed the buyer's security questionnaire and agreed to the data-processing terms unchanged, shown by the signed documents.",
    }),
  ],
);

const delivery = section(
  "delivery",
  "Delivery and adoption",
  5,
  "Value comes from a changed workflow that people adopt, so the plan must say what changes, how success is measured and how costs stay in check.",
  [
    rated({
      key: "delivery.workflow",
      name: "The workflow that changes is named, with owner and baseline",
      question:
        "Does the proposal name the business workflow that will change, its owner at the buyer and its current baseline?",
      weight: 2,
      low: "The proposal describes technology only and names no workflow, owner or baseline.",
      middle: "The proposal names the workflow and its owner at the buyer, but gives no measured baseline.",
      high: "The proposal names the workflow, its owner at the buyer and a baseline measured from the buyer's own data, with the date and the source.",
    }),
    rated({
      key: "delivery.success_measures",
      name: "Success measures",
      question:
        "Are there measurable success criteria, with targets and dates, agreed before the work begins?",
      weight: 2,
      low: "There are no success measures, or only general aims such as 'improved efficiency'.",
      middle: "The proposal lists success measures with targets, but without dates or a way to measure them.",
      high: "The proposal lists success measures with targets, dates, data sources and who reports them, tied to acceptance or milestone payments.",
    }),
    rated({
      key: "delivery.cost_governance",
      name: "Cost governance: usage policies, alerts and cost allocation",
      question:
        "Does the partner set up usage policies, spending alerts and allocation of model costs to the teams that incur them?",
      weight: 1,
      low: "There is no cost estimate, usage policy or spending alert.",
      middle:
        "The proposal gives a usage-based cost estimate and sets spending alerts at a stated threshold.",
      high: "The proposal gives a cost estimate per workflow, usage policies with limits, spending alerts and cost allocation by team shown in a billing dashboard or report.",
    }),
    rated({
      key: "delivery.change_management",
      name: "Change management and training plan",
      question:
        "Is there a plan to prepare and train the people whose work changes, with dates and responsible people?",
      weight: 1,
      low: "There is no change-management or training plan for the people whose work changes.",
      middle:
        "The proposal lists training sessions and communications for affected users, without dates or adoption measures.",
      high: "The plan lists affected user groups, training sessions with dates, named champions and an adoption measure, such as weekly active users, to be reported.",
    }),
  ],
);

const commercials = section(
  "commercials",
  "Commercials",
  0,
  "Price matters only once capability is established, so this section weighs 0 until the buyer chooses to switch it on.",
  [
    {
      key: "commercials.day_rate",
      name: "Blended day rate",
      question: "What is the partner's blended day rate across the proposed team?",
      kind: "numeric",
      weight: 1,
      max: 5,
      rubric: { low: "", middle: "", high: "" },
      knockout: null,
      suggestionRule: null,
      unit: "USD per day",
      direction: "lower",
      profileField: null,
    },
  ],
);

/** Version 1 of the built-in checklist: 8 sections, 29 criteria. */
export const BUILT_IN_CHECKLIST: Checklist = {
  name: "AI implementation partner due diligence",
  description:
    "Due diligence for choosing a partner to implement AI systems: the partner's standing with the AI vendor and its certified people, the specializations it holds and has delivered, reference deployments the buyer can confirm, independence from any one model provider, support after go-live, security, data and governance, and a delivery plan that changes a named workflow. Commercials weigh 0 until the buyer switches them on. Copy this template to adjust sections, criteria and weights.",
  sections: [
    standing,
    specializations,
    references,
    modelAgnosticism,
    support,
    security,
    delivery,
    commercials,
  ],
};
