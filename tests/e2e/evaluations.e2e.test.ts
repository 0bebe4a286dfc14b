// An admin creates an evaluation from the built-in checklist, edits its context while it is a draft, shortlists
// three partners from the triage, assigns two evaluators and starts scoring; each evaluator declares no conflict
// and scores a candidate with the keyboard (number or arrow keys, Tab, Enter or Space on the focused buttons) and
// submits it, Tom with JavaScript, Mei without; Tom accepts one suggestion in one action and overrides another,
// Mei accepts one without JavaScript; the admin then reads the results table. Told in steps (tests of one describe,
// run in order, sharing the browsers): each stays well under the test timeout on a busy machine.
import type { Locator, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { auditPage } from "./support/audit";
import { openSession, type Session } from "./support/browser";
import { DEMO_PASSWORD, journeyServer, journeySessions, sharedBrowser, signIn } from "./support/journey";

const chromium = sharedBrowser();

const EVALUATION = "Contact-centre agents 2027";

/** What a scoring run does with the suggestions it meets (in page order). */
type SuggestionPlan = ("accept" | "override")[];

/**
 * Scores the counted criteria `from` to `to` (1-based, both included) of the page's candidate from the keyboard:
 * focus the scale, a key, Tab to the justification, type, Tab on to "Save score" and press Enter (Space without
 * JavaScript). The criteria with a suggestion take, in order, what `plan` says, and each one met is taken off it:
 * "accept" presses "Accept suggestion" (one action, nothing typed), "override" fills the suggestion in and sets another
 * score before saving.
 */
async function scoreCriteria(
  session: Session,
  javaScript: boolean,
  plan: SuggestionPlan,
  { from, to }: { from: number; to: number },
) {
  const p = session.page;
  // Each rated criterion: its folded line (name, score, what was saved) over its form.
  const forms = p.locator("li.score-item:has(form.score-form)");
  const count = await forms.count();
  expect(count).toBe(28);
  for (let i = from - 1; i < to; i++) {
    const form = forms.nth(i);
    let score = (i % 5) + 1;
    const accept = form.getByRole("button", { name: /^Accept suggestion \(\d\)$/ });
    if (plan.length > 0 && (await accept.count()) > 0) {
      const suggested = Number(/\((\d)\)/.exec((await accept.textContent()) ?? "")?.[1]);
      const step = plan.shift();
      if (step === "accept") {
        await accept.focus();
        if (javaScript) {
          await p.keyboard.press("Enter");
          await form.getByText("Suggestion accepted and saved.").waitFor();
        } else {
          await Promise.all([p.waitForEvent("load"), p.keyboard.press("Enter")]);
          expect(p.url()).toMatch(/saved=suggestion/);
          await p.getByText("Suggestion accepted and saved.").waitFor();
        }
        await form.getByText(`Scored ${suggested} of 5`).waitFor();
        continue;
      }
      // Override: the suggestion fills the form (value and reason), then the evaluator's own score replaces it.
      await form.getByRole("button", { name: "Fill in to edit first" }).focus();
      await p.keyboard.press("Space");
      await expect
        .poll(() => form.getByRole("radio", { name: String(suggested), exact: true }).isChecked())
        .toBe(true);
      score = suggested === 1 ? 2 : 1;
      const radio = form.getByRole("radio", { name: String(suggested), exact: true });
      await radio.focus();
      await p.keyboard.press(String(score));
      await expect
        .poll(() => form.getByRole("radio", { name: String(score), exact: true }).isChecked())
        .toBe(true);
      await p.keyboard.press("Tab");
      await expect.poll(() => isFocused(form.getByLabel("Justification (required)"))).toBe(true);
      await p.keyboard.press("End");
      await p.keyboard.type(" Lower than suggested: the profile overstates it.");
      await save(session, form, javaScript);
      await form.getByText(`Scored ${score} of 5`).waitFor();
      continue;
    }
    const first = form.getByRole("radio").first();
    await first.focus();
    if (javaScript) {
      // Number keys set the score while the criterion has the focus.
      await p.keyboard.press(String(score));
    } else {
      // Without JavaScript the radio group answers to the arrow keys, as every radio group does.
      for (let k = 0; k < score; k++) await p.keyboard.press("ArrowRight");
    }
    await expect
      .poll(() => form.getByRole("radio", { name: String(score), exact: true }).isChecked())
      .toBe(true);
    await p.keyboard.press("Tab");
    await expect.poll(() => isFocused(form.getByLabel("Justification (required)"))).toBe(true);
    await p.keyboard.type(`Checked against the rubric: level ${score} on the evidence seen.`);
    await save(session, form, javaScript);
  }
}

async function isFocused(locator: Locator) {
  return locator.evaluate((el) => el === document.activeElement);
}

/** Tabs forward (past any evidence to cite) until `target` has the focus. */
async function tabTo(page: Page, target: Locator) {
  for (let n = 0; n < 40; n++) {
    if (await isFocused(target)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("Tab never reached the control.");
}

/** From the justification, Tab to "Save score" and press it from the keyboard. */
async function save(session: Session, form: Locator, javaScript: boolean) {
  const p: Page = session.page;
  await tabTo(p, form.getByRole("button", { name: "Save score" }));
  if (javaScript) {
    await p.keyboard.press("Enter");
    await form.getByText("Saved.").waitFor();
  } else {
    // The address already says saved=1 after the first save: wait for the new page itself to load.
    await Promise.all([p.waitForEvent("load"), p.keyboard.press("Space")]);
    expect(p.url()).toMatch(/saved=1/);
  }
}

/** "Submit this candidate" from the keyboard, once every criterion is scored. */
async function submit(session: Session, key: "Enter" | "Space") {
  const p = session.page;
  await p.getByRole("heading", { name: "28 of 28 scored" }).waitFor();
  await p.getByRole("button", { name: "Submit this candidate" }).focus();
  await Promise.all([p.waitForURL(/submitted=1/), p.keyboard.press(key)]);
  await p
    .getByText(/^Submitted/)
    .first()
    .waitFor();
}

describe("running an evaluation", () => {
  const journey = journeyServer("evaluations");
  const sessions = journeySessions();
  let admin: Session;
  let tom: Session;
  let mei: Session;
  /** The candidate Tom scores first, which Mei then scores too. */
  let tomCandidate = "";
  const tomPlan: SuggestionPlan = ["accept", "override"];
  const meiPlan: SuggestionPlan = ["accept"];

  test("Priya creates the evaluation from the built-in checklist and, while it is a draft, edits its context: a blank name comes back with its message and what she typed, then a minimum total is saved", async () => {
    admin = await openSession(chromium.browser, journey.server.url);
    sessions.push(admin);
    await signIn(admin, "priya@scmutual.example", DEMO_PASSWORD, "Priya");
    const a = admin.page;

    // A new evaluation from the built-in checklist.
    await admin.visit("/evaluations");
    await auditPage(admin, "buyer-admin", "evaluations");
    await a.getByRole("link", { name: "New evaluation" }).click();
    await a.getByRole("heading", { level: 1, name: "New evaluation" }).waitFor();
    await a.getByLabel("Name", { exact: true }).fill(EVALUATION);
    await a
      .getByLabel("Checklist template")
      .selectOption({ label: "AI implementation partner due diligence (built in, version 1, superseded)" });
    await a.getByLabel("Industry (optional)").fill("Insurance");
    await a.getByLabel("Your size (optional)").selectOption("5k-20k");
    await a.getByLabel("Customer service").check();
    await a.getByLabel("AI agents").check();
    await auditPage(admin, "buyer-admin", "evaluation-new");
    await a.getByRole("button", { name: "Create evaluation" }).click();
    await a.getByRole("heading", { level: 1, name: EVALUATION }).waitFor();

    // While it is a draft, the context changes: a minimum total, then back to the evaluation.
    await a.getByRole("link", { name: "Edit the name, context, deadline and minimum total" }).click();
    await a.getByRole("heading", { level: 1, name: "Edit the evaluation's details" }).waitFor();
    // A blank name (spaces pass the browser's check) comes back with its message, the rest as typed.
    admin.guard.expectRefusal(400, new URL(a.url()).pathname);
    await a.getByLabel("Name", { exact: true }).fill("   ");
    await a.getByLabel("Minimum total (optional)").fill("40");
    await a.getByRole("button", { name: "Save details" }).click();
    await a.getByText("Give the evaluation a name.").waitFor();
    expect(await a.getByLabel("Minimum total (optional)").inputValue()).toBe("40");
    expect(await a.getByLabel("Industry (optional)").inputValue()).toBe("Insurance");
    await a.getByLabel("Name", { exact: true }).fill(EVALUATION);
    await auditPage(admin, "buyer-admin", "evaluation-details");
    await a.getByRole("button", { name: "Save details" }).click();
    await a.getByText("Details saved, and recorded in the audit log.").waitFor();
    await a.getByText("40.0", { exact: true }).waitFor();
  });

  test("Priya shortlists three partners from the triage, assigns Tom and Mei as evaluators and starts scoring", async () => {
    const a = admin.page;
    // Three partners from the triage.
    await a.getByRole("link", { name: "Triage the directory" }).click();
    await a.getByRole("heading", { level: 1, name: /Triage/ }).waitFor();
    await auditPage(admin, "buyer-admin", "triage");
    // Ticked, then added in one go.
    const boxes = a.getByRole("checkbox", { name: /^Select / });
    for (let n = 0; n < 3; n++) await boxes.nth(n).check();
    await a.getByRole("button", { name: "Add selected to the shortlist" }).click();
    await a.getByText(/^Added 3 partners to the shortlist: /).waitFor();
    await expect.poll(() => a.getByText("On the shortlist", { exact: true }).count()).toBe(3);

    // Two evaluators, then scoring.
    await a.getByRole("link", { name: `← ${EVALUATION}` }).click();
    await a.getByRole("heading", { level: 1, name: EVALUATION }).waitFor();
    await expect.poll(() => a.getByRole("heading", { name: "Candidates (3)" }).count()).toBe(1);
    for (const name of ["Tom Whitlock (evaluator)", "Mei Chen (evaluator)"]) {
      await a.getByLabel("Assign an evaluator").selectOption({ label: name });
      await a.getByRole("button", { name: "Assign", exact: true }).click();
      await a.getByRole("button", { name: `Unassign ${name.replace(/ \(.*/, "")}` }).waitFor();
    }
    await a.getByRole("button", { name: "Start scoring" }).click();
    await a.getByText("Status: Scoring.").waitFor();
    await auditPage(admin, "buyer-admin", "evaluation-scoring");
  });

  test("Tom, with JavaScript, finds no candidate named before he declares, then declares no conflict", async () => {
    tom = await openSession(chromium.browser, journey.server.url);
    sessions.push(tom);
    await signIn(tom, "tom@scmutual.example", DEMO_PASSWORD, "Tom");
    // Before declaring, the evaluation page names no candidate; the declaration page does.
    await tom.visit("/evaluations");
    await tom.page.getByRole("link", { name: EVALUATION, exact: true }).click();
    await tom.page.getByRole("heading", { name: "Before you see the candidates" }).waitFor();
    await tom.page.getByText("The candidates show here once you have declared").waitFor();
    await auditPage(tom, "buyer-evaluator", "evaluation-before-declaring");
    await tom.page.getByRole("link", { name: "Declare conflicts of interest" }).click();
    await tom.page.getByRole("heading", { level: 1, name: /conflict/i }).waitFor();
    await auditPage(tom, "buyer-evaluator", "declaration");
    await declareNoConflict(tom);
    await tom.page.getByRole("heading", { name: "Your scoring" }).waitFor();
  });

  test("Tom opens his first candidate: nothing scored yet", async () => {
    const tomFirst = tom.page.getByRole("region", { name: "Your scoring" }).getByRole("link").first();
    tomCandidate = (await tomFirst.textContent())?.trim() ?? "";
    await tomFirst.click();
    await tom.page.getByRole("heading", { name: "0 of 28 scored" }).waitFor();
    await auditPage(tom, "buyer-evaluator", "scoring-page");
  });

  test("Tom scores criteria 1 to 14 with number keys, Tab and Enter, accepting the first suggestion he meets in one action and overriding the second with a lower score", async () => {
    await scoreCriteria(tom, true, tomPlan, { from: 1, to: 14 });
  });

  test("Tom scores criteria 15 to 28 the same way and submits the candidate with Enter", async () => {
    await scoreCriteria(tom, true, tomPlan, { from: 15, to: 28 });
    expect(tomPlan).toEqual([]);
    await submit(tom, "Enter");
    await auditPage(tom, "buyer-evaluator", "scoring-page-submitted");
  });

  test("Mei, without JavaScript, declares no conflict, opens the candidate Tom scored, with his scores hidden, and scores criteria 1 to 14 with the arrow keys, Tab and Space, accepting a suggestion", async () => {
    // Mei, without JavaScript: the same, with the arrow keys and plain form posts.
    mei = await openSession(chromium.browser, journey.server.url, { javaScriptEnabled: false });
    sessions.push(mei);
    await signIn(mei, "mei@scmutual.example", DEMO_PASSWORD, "Mei");
    await mei.page.getByRole("link", { name: new RegExp(`Declare .*${EVALUATION}`) }).click();
    await declareNoConflict(mei);
    await mei.page
      .getByRole("region", { name: "Your scoring" })
      .getByRole("link", { name: tomCandidate })
      .click();
    await mei.page.getByRole("heading", { name: "0 of 28 scored" }).waitFor();
    // Blind: Tom's scores stay hidden until Mei submits.
    await mei.page
      .getByText("Other evaluators’ scores are hidden until you submit (blind scoring).")
      .waitFor();
    await scoreCriteria(mei, false, meiPlan, { from: 1, to: 14 });
  });

  test("Mei scores criteria 15 to 28 the same way, submits the candidate with Space and then sees Tom's scores", async () => {
    await scoreCriteria(mei, false, meiPlan, { from: 15, to: 28 });
    expect(meiPlan).toEqual([]);
    await submit(mei, "Space");
    await mei.page.getByText("Tom Whitlock").first().waitFor();
  });

  test("Priya reads the results table, which ranks the candidate both evaluators scored, its row showing 100%", async () => {
    const a = admin.page;
    // The admin's results table ranks the candidate both scored.
    await admin.visit("/evaluations");
    await a.getByRole("link", { name: EVALUATION }).click();
    const results = a.getByRole("region", { name: /Results/ });
    const row = results.getByRole("row").filter({ hasText: tomCandidate });
    await row.getByText("100%").first().waitFor();
    await auditPage(admin, "buyer-admin", "evaluation-results");
  });
});

async function declareNoConflict(session: Session) {
  const p = session.page;
  await p.getByRole("heading", { level: 1, name: /conflict/i }).waitFor();
  await p.getByLabel(/No conflict/).check();
  await p.getByRole("button", { name: /Save|Declare/ }).click();
}
