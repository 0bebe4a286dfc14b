// The audit itself, on a page with known defects: proves that a green run means the checks ran.
import { afterAll, beforeAll, expect, test } from "vitest";
import { auditPage } from "./support/audit";
import { openSession, type Session } from "./support/browser";
import { sharedBrowser } from "./support/journey";

const chromium = sharedBrowser();
let session: Session;

beforeAll(async () => {
  session = await openSession(chromium.browser, "http://127.0.0.1");
});
afterAll(async () => {
  await session?.close();
});

const DEFECTIVE = `<!doctype html>
<html lang="en"><head><title>Audit self-test</title><meta name="viewport" content="width=device-width"></head>
<body>
  <header><a href="#main">Skip</a></header>
  <main id="main">
    <h1>Audit self-test</h1>
    <form>
      <fieldset><legend>Kind</legend>
        <label><input type="radio" name="kind" value="a" checked> A</label>
        <label><input type="radio" name="kind" value="b"> B</label>
      </fieldset>
      <label>Name <input name="name"></label>
      <label>Zone <select name="zone"><option>UTC</option></select></label>
      <details><summary>More</summary><button type="button">Inside closed details</button></details>
      <button type="button" tabindex="-1">Skipped by Tab</button>
      <button type="button" hidden>Hidden button</button>
    </form>
    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">
    <div style="width: 1600px; height: 10px">too wide</div>
  </main>
</body></html>`;

test("the audit reports overflow, axe violations and controls Tab cannot reach, and nothing else", async () => {
  await session.page.setContent(DEFECTIVE);
  const error = await auditPage(session, "self-test", "defective", { screenshot: false }).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(Error);
  const message = error!.message;
  for (const width of [390, 1280]) {
    expect(message).toContain(`[${width}px] horizontal overflow`);
    expect(message).toMatch(new RegExp(`\\[${width}px\\] axe critical "image-alt"`));
    expect(message).toMatch(new RegExp(`\\[${width}px\\] not reachable with Tab: .*"Skipped by Tab"`));
  }
  // Reachable or invisible controls are not reported.
  const fine = [
    '"Skip"',
    'name="kind"',
    'name="name"',
    'name="zone"',
    '"More"',
    '"Inside closed details"',
    '"Hidden button"',
  ];
  for (const control of fine) expect(message).not.toContain(control);
  expect(message.match(/not reachable with Tab/g)).toHaveLength(2);
});
