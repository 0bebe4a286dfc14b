// A journey whose server mails through a real SMTP server the file starts (tests/mail-server.ts), with APP_URL naming
// the server's own address so that links in mail lead back to it.
import { createServer } from "node:net";
import { afterAll } from "vitest";
import { startMailServer, type TestMailServer } from "../../mail-server";
import { journeyServer } from "./journey";

/** A free port on 127.0.0.1: APP_URL must name the server's address before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The journey's server, its inbox (once started), and the APP_URL links in mail start with. */
export function mailJourney(label: string) {
  let mail: TestMailServer | undefined;
  let appUrl = "";
  const journey = journeyServer(label, async () => {
    mail = await startMailServer();
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}`;
    return { SMTP_URL: mail.url, APP_URL: appUrl, PORT: String(port), JOB_POLL_MS: "100" };
  });
  afterAll(async () => {
    await mail?.close();
  });
  return {
    get server() {
      return journey.server;
    },
    get appUrl() {
      return appUrl;
    },
    inbox(): TestMailServer {
      if (!mail) throw new Error("The SMTP server did not start.");
      return mail;
    },
  };
}
