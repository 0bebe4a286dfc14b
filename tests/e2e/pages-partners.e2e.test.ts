// Every page each partner person can reach, audited at 390 and 1280 px (overflow, axe-core, Tab) and photographed
// into screenshots/ (the anonymous visitor's and the buyers' are in pages.e2e.test.ts; two files run at once).

import { DEMO_USERS, journeyServer, sharedBrowser } from "./support/journey";
import { describeSignedInPages } from "./support/pages";

const chromium = sharedBrowser();
// One server for the file: the audits only read (each person signs in with a context of their own).
const journey = journeyServer("pages-partners");

for (const user of DEMO_USERS.filter((u) => u.slug.startsWith("partner-")))
  describeSignedInPages(chromium, journey, user);
