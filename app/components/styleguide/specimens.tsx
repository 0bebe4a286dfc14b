// The pieces of the design system as /styleguide shows them (docs/design-system.md). Each specimen is the real
// component or class, so the page shows what every other page gets.
import { Field } from "~/components/forms";
import { ScrollRegion } from "~/components/scroll-region";
import { Badge, type BadgeTone } from "~/components/ui/badge";
import { DropZone } from "~/components/ui/drop-zone";
import { EmptyState } from "~/components/ui/empty-state";
import * as Icons from "~/components/ui/icons";

const TYPE_STEPS = [
  ["--text-3xl", "36 px", "Landing headline"],
  ["--text-2xl", "28 px", "Page title (h1)"],
  ["--text-xl", "20 px", "Section title (h2)"],
  ["--text-lg", "18 px", "Card title (h3), lead text"],
  ["--text-base", "16 px", "Body text, inputs"],
  ["--text-sm", "14 px", "Tables, buttons, hints"],
  ["--text-xs", "12 px", "Badges"],
] as const;

const SPACE_STEPS = ["--s1", "--s2", "--s3", "--s4", "--s5", "--s6", "--s7"] as const;
const SPACE_PX = [4, 8, 12, 16, 24, 32, 48];

const COLOURS = [
  ["--ink", "Text"],
  ["--ink-2", "Secondary text"],
  ["--muted", "Hints, captions"],
  ["--brand", "Links, the primary button"],
  ["--success", "Done, verified"],
  ["--warn", "Needs attention"],
  ["--danger", "Refused, errors"],
  ["--line", "Borders"],
  ["--bg", "Page background"],
] as const;

const TONES: { tone: BadgeTone; label: string; use: string }[] = [
  { tone: "neutral", label: "Draft", use: "a fact or a label" },
  { tone: "info", label: "Scoring", use: "in progress, waiting for someone" },
  { tone: "success", label: "Verified", use: "done, verified, current" },
  { tone: "warning", label: "Due in 2 days", use: "needs attention soon" },
  { tone: "danger", label: "Overdue", use: "refused, disqualified, past due" },
];

const ICON_NAMES = Object.keys(Icons).filter((name) => name !== "LucideIcon") as (keyof typeof Icons)[];

export function TypeSpecimen() {
  return (
    <dl className="sg-list">
      {TYPE_STEPS.map(([token, size, use]) => (
        <div key={token} className="sg-row">
          <dt>
            <code>{token}</code> <span className="muted">{size}</span>
          </dt>
          <dd style={{ fontSize: `var(${token})` }}>{use}</dd>
        </div>
      ))}
    </dl>
  );
}

export function SpaceSpecimen() {
  return (
    <dl className="sg-list">
      {SPACE_STEPS.map((token, i) => (
        <div key={token} className="sg-row">
          <dt>
            <code>{token}</code> <span className="muted">{SPACE_PX[i]} px</span>
          </dt>
          <dd>
            <span className="sg-space" style={{ width: `var(${token})` }} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function ColourSpecimen() {
  return (
    <ul className="sg-swatches">
      {COLOURS.map(([token, use]) => (
        <li key={token}>
          <span className="sg-swatch" style={{ background: `var(${token})` }} />
          <code>{token}</code>
          <span className="muted">{use}</span>
        </li>
      ))}
    </ul>
  );
}

export function ButtonSpecimen() {
  return (
    <div className="actions">
      <button type="button" className="btn btn-primary">
        Primary: the page's one main action
      </button>
      <button type="button" className="btn btn-secondary">
        Secondary
      </button>
      <button type="button" className="btn btn-quiet">
        Quiet
      </button>
      <button type="button" className="btn btn-danger">
        Danger
      </button>
      <button type="button" className="btn btn-secondary btn-small">
        <Icons.Upload aria-hidden="true" focusable="false" />
        Small, with an icon
      </button>
    </div>
  );
}

export function BadgeSpecimen() {
  return (
    <ul className="sg-badges">
      {TONES.map((t) => (
        <li key={t.tone}>
          <Badge tone={t.tone}>{t.label}</Badge> <span className="muted">{t.use}</span>
        </li>
      ))}
      <li>
        <Badge tone="success" icon={Icons.CheckCircle2}>
          Submitted
        </Badge>{" "}
        <span className="muted">with an icon</span>
      </li>
    </ul>
  );
}

export function TableSpecimen() {
  const rows = [
    { name: "Northwind Systems Integration", total: "78.4", share: "92.9%", scored: "26 of 28" },
    { name: "Bluegum Digital", total: "61", share: "100%", scored: "28 of 28" },
    { name: "Copperleaf Technology", total: "9.5", share: "21.4%", scored: "6 of 28" },
  ];
  return (
    <ScrollRegion label="A sample table">
      <table>
        <caption className="visually-hidden">A sample table</caption>
        <thead>
          <tr>
            <th scope="col">Candidate</th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col" className="num">
              Completeness
            </th>
            <th scope="col" className="num">
              Criteria scored
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <th scope="row">{r.name}</th>
              <td className="num">{r.total}</td>
              <td className="num">{r.share}</td>
              <td className="num">{r.scored}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function EmptySpecimen() {
  return (
    <EmptyState icon={Icons.Inbox} title="No requests yet" compact>
      <p>When a buyer evaluating you asks for evidence, it appears here.</p>
    </EmptyState>
  );
}

export function FormSpecimen() {
  return (
    <div className="sg-form">
      <Field label="Evaluation name" name="sample-name" defaultValue="Claims triage copilot" />
      <Field
        label="Deadline"
        name="sample-deadline"
        type="date"
        defaultValue="2026-12-01"
        error="The deadline must be today or later."
      />
      <div className="field">
        <label htmlFor="sample-file">File</label>
        <DropZone id="sample-file" name="sample-file" label="Choose a file" hint="or drop it here" />
      </div>
    </div>
  );
}

export function IconSpecimen() {
  return (
    <ul className="sg-icons">
      {ICON_NAMES.map((name) => {
        // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the page shows the whole set, which icons.ts keeps to the icons in use.
        const Icon = Icons[name] as Icons.LucideIcon;
        return (
          <li key={name}>
            <Icon aria-hidden="true" focusable="false" />
            <code>{name}</code>
          </li>
        );
      })}
    </ul>
  );
}
