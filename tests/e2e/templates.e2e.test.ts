// A buyer admin copies the built-in checklist, switches on Commercials, changes a section weight and watches the
// percentages follow as they type, adds a rated criterion with a knockout (after being told what it lacks), saves,
// and finds the change on the template page and in the audit log. Then two editors save at once: the second is told
// what the first changed, sees both edits merged with the clash marked, and saves them both.
import { describe, expect, test } from "vitest";
import { auditPage } from "./support/audit";
import { openSession, type Session } from "./support/browser";
import { DEMO_PASSWORD, journeyServer, journeySessions, sharedBrowser, signIn } from "./support/journey";

const chromium = sharedBrowser();

describe("checklist templates", () => {
  const journey = journeyServer("templates");
  const sessions = journeySessions();
  let admin: Session;
  let editorPath = "";

  test("Priya reads the built-in checklist, copies it into a new template and watches every share follow as she switches Commercials on and reweighs Reference deployments", async () => {
    admin = await openSession(chromium.browser, journey.server.url);
    sessions.push(admin);
    await signIn(admin, "priya@scmutual.example", DEMO_PASSWORD, "Priya");
    const p = admin.page;

    await admin.visit("/templates");
    await p.getByRole("heading", { level: 1, name: "Checklist templates" }).waitFor();
    await auditPage(admin, "buyer-admin", "templates");
    await p.getByRole("link", { name: "View checklist" }).click();
    await p.getByRole("heading", { level: 1, name: "AI implementation partner due diligence" }).waitFor();
    const standing = p.getByRole("region", { name: "1. Partner standing and certification" });
    await standing.getByText("3.3% of the total · 33.3% of the section").first().waitFor();
    await auditPage(admin, "buyer-admin", "template-built-in");

    // "Copy and edit" asks for the copy's name first; Cancel leaves nothing behind.
    const copyLink = p.getByRole("link", {
      name: "Copy AI implementation partner due diligence (version 2) into a new template",
    });
    await copyLink.click();
    const copyForm = p.getByRole("region", {
      name: "Copy “AI implementation partner due diligence (version 2)” into a new template",
    });
    const copyName = copyForm.getByLabel("Name of the copy");
    expect(await copyName.inputValue()).toBe("Copy of AI implementation partner due diligence (version 2)");
    expect(await copyForm.getByLabel("Description").inputValue()).toBe(
      "A copy of “AI implementation partner due diligence (version 2)”.",
    );
    await copyForm.getByRole("link", { name: "Cancel" }).click();
    await copyForm.waitFor({ state: "detached" });
    await p.getByRole("link", { name: "← Templates" }).click();
    await p.getByRole("heading", { level: 1, name: "Checklist templates" }).waitFor();
    expect(await p.getByRole("link", { name: /^Copy of / }).count()).toBe(0);

    await p.getByRole("link", { name: "View checklist" }).click();
    await copyLink.click();
    await copyName.fill("Contact centre due diligence");
    await copyForm.getByRole("button", { name: "Copy and edit" }).click();
    await p.getByRole("heading", { level: 1, name: "Edit “Contact centre due diligence”" }).waitFor();

    const commercials = p.getByRole("group", { name: "Section 8: Commercials", exact: true });
    const references = p.getByRole("group", { name: "Section 3: Reference deployments", exact: true });
    await commercials.getByText("Not counted (0%)").first().waitFor();
    await references.getByText("= 25% of the checklist").waitFor();

    // Switching Commercials on: every share follows as the weight is typed, before anything is saved.
    await commercials.getByLabel("Section weight").fill("10");
    await commercials.getByText("= 9.1% of the checklist").waitFor();
    await references.getByText("= 22.7% of the checklist").waitFor();
    await references.getByLabel("Section weight").fill("35");
    await references.getByText("= 29.2% of the checklist").waitFor();
    await commercials.getByText("= 8.3% of the checklist").waitFor();
  });

  test("Priya adds a rated criterion with a knockout, saves too early and is told at each field what it lacks with nothing lost, then writes the question and rubric and saves", async () => {
    const p = admin.page;
    const commercials = p.getByRole("group", { name: "Section 8: Commercials", exact: true });
    // A rated criterion with a knockout; the new name field takes the focus.
    await commercials.getByRole("button", { name: "Add a rated criterion to section Commercials" }).click();
    // Version 2's Commercials has two criteria: the new one is the third.
    const added = commercials.getByRole("listitem").nth(2);
    const name = added.getByLabel("Criterion 3 name");
    await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true);
    await name.fill("Payment terms");
    await added.getByText("= 33.3% of section · 2.8% overall").waitFor();

    // Saving before the question and rubric are written: each message sits at its field; nothing is lost.
    admin.guard.expectRefusal(400, new URL(p.url()).pathname);
    await p.getByRole("button", { name: "Save template" }).click();
    await added.getByText("Write the question the evaluator answers.").waitFor();
    await added.getByText("Describe what a 3 looks like.").waitFor();
    // The first field that needs attention has the focus.
    const question = added.getByLabel("Question");
    await expect.poll(() => question.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await commercials.getByLabel("Section weight").inputValue()).toBe("10");
    expect(await name.inputValue()).toBe("Payment terms");
    await auditPage(admin, "buyer-admin", "template-editor-errors");

    await question.fill("Are the payment terms and invoicing schedule acceptable to us?");
    await added.getByLabel("Score 0").fill("Payment up front or terms our treasury policy forbids.");
    await added.getByLabel("Score 3").fill("Monthly in arrears with some milestone payments up front.");
    await added.getByLabel("Score 5").fill("Monthly in arrears against accepted milestones, 45-day terms.");
    await added.getByLabel("Knockout threshold").fill("2");
    await p.getByRole("button", { name: "Save template" }).click();

    await p.getByText("Saved: 3 changes, recorded in the audit log.").waitFor();
    await p.getByRole("heading", { level: 1, name: "Contact centre due diligence" }).waitFor();
    const saved = p.getByRole("region", { name: "8. Commercials" });
    await saved.getByText("8.3% of the total", { exact: true }).waitFor();
    await saved.getByRole("heading", { name: "Payment terms" }).waitFor();
    await saved.getByText("Knockout: below 2 disqualifies").waitFor();
    await auditPage(admin, "buyer-admin", "template-saved");
  });

  test("Priya opens the editor again and finds her changes in the audit log", async () => {
    const p = admin.page;
    // The editor again, for its own audit at both widths, then the audit log.
    await p.getByRole("link", { name: "Edit template" }).click();
    await p.getByRole("button", { name: "Save template" }).waitFor();
    await auditPage(admin, "buyer-admin", "template-editor");
    editorPath = new URL(p.url()).pathname;
    await admin.visit("/audit");
    const row = p.getByRole("row").filter({ hasText: "Template changed" });
    // The event in words, every change listed (three were saved).
    await row.getByText(/Priya Raman changed the template/).waitFor();
    const changes = row.getByRole("list", { name: "What changed" }).getByRole("listitem");
    await changes.filter({ hasText: "Section “Reference deployments”: weight 25 → 35." }).waitFor();
    expect(await changes.count()).toBe(3);
  });

  test("two editors at once: the one who saves second is told what the first changed, finds both edits merged with the clash marked beside its field, and saves them both", async () => {
    const p = admin.page;
    // Two editors at once: this one opens the editor, another (a second browser) saves first.
    await admin.visit(editorPath);
    const other = await openSession(chromium.browser, journey.server.url);
    sessions.push(other);
    await signIn(other, "priya@scmutual.example", DEMO_PASSWORD, "Priya");
    await other.visit(editorPath);
    const q = other.page;
    await q
      .getByRole("group", { name: "Section 2: Specializations", exact: true })
      .getByLabel("Section weight")
      .fill("20");
    const theirTier = q
      .getByRole("group", { name: "Section 1: Partner standing and certification", exact: true })
      .getByRole("listitem")
      .first();
    await theirTier.getByLabel("Weight", { exact: true }).fill("4");
    await q.getByRole("button", { name: "Save template" }).click();
    await q.getByText("Saved: 2 changes, recorded in the audit log.").waitFor();

    // This editor, still on the version it opened, changes the same weight and renames another criterion.
    const standingEditor = p.getByRole("group", {
      name: "Section 1: Partner standing and certification",
      exact: true,
    });
    const tier = standingEditor.getByRole("listitem").first();
    await tier.getByLabel("Weight", { exact: true }).fill("5");
    const delivery = p.getByRole("group", { name: "Section 7: Delivery and adoption", exact: true });
    await delivery.getByLabel("Criterion 2 name").fill("Success measures agreed up front");
    admin.guard.expectRefusal(409, editorPath);
    await p.getByRole("button", { name: "Save template" }).click();

    // Nothing saved: their change and this one merged in the form, the clash marked beside the field.
    await p
      .getByText("Someone else saved this template while you were editing, so nothing was saved yet.")
      .waitFor();
    const notice = p.getByRole("region", { name: "What changed since you opened the editor" });
    await notice.getByText("Section “Specializations”: weight 15 → 20.").waitFor();
    await notice.getByText("Where you both changed the same thing (1): yours is kept").waitFor();
    await tier.getByText("They changed this to “4” (it was “3”); your “5” is kept.").waitFor();
    expect(await tier.getByLabel("Weight", { exact: true }).inputValue()).toBe("5");
    const specializations = p.getByRole("group", { name: "Section 2: Specializations", exact: true });
    expect(await specializations.getByLabel("Section weight").inputValue()).toBe("20");
    await specializations.getByText("= 16% of the checklist").waitFor();
    expect(await delivery.getByLabel("Criterion 2 name").inputValue()).toBe(
      "Success measures agreed up front",
    );
    await auditPage(admin, "buyer-admin", "template-editor-conflict");

    // Saving now keeps both edits.
    await p.getByRole("button", { name: "Save template" }).click();
    await p.getByText("Saved: 2 changes, recorded in the audit log.").waitFor();
    const savedSpecializations = p.getByRole("region", { name: "2. Specializations" });
    await savedSpecializations.getByText("16% of the total", { exact: true }).waitFor();
    await p.getByRole("heading", { name: "Success measures agreed up front" }).waitFor();
  });
});
