// A real SMTP server for tests (smtp-server on 127.0.0.1, a free port, no TLS on loopback): it receives what the
// portal sends and parses each message (mailparser), so tests read the mail a person would and follow its links.
// `refuse` makes it answer every message with a permanent or temporary error, as a failing relay would.
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The X-PartnerLens-Sender header: which process sent it. */
  sender: string;
  kind: string;
  messageId: string;
}

export interface TestMailServer {
  url: string;
  received: ReceivedMail[];
  /** Refuse every message from now on (550) or accept again (null). Counts refusals. */
  refuse(code: 550 | 451 | null): void;
  refusals(): number;
  /** Waits until `count` messages matching `filter` arrived (never a fixed sleep). */
  waitFor(filter: (m: ReceivedMail) => boolean, count?: number, ms?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

function toMail(parsed: ParsedMail): ReceivedMail {
  const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
  return {
    to: to?.value[0]?.address?.toLowerCase() ?? "",
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : "",
    sender: String(parsed.headers.get("x-partnerlens-sender") ?? ""),
    kind: String(parsed.headers.get("x-partnerlens-kind") ?? ""),
    messageId: parsed.messageId ?? "",
  };
}

export async function startMailServer(): Promise<TestMailServer> {
  const received: ReceivedMail[] = [];
  const listeners = new Set<() => void>();
  let refusing: 550 | 451 | null = null;
  let refused = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (refusing) {
            refused++;
            const error = Object.assign(new Error("Mailbox unavailable (test refusal)"), {
              responseCode: refusing,
            });
            callback(error);
            return;
          }
          received.push(toMail(parsed));
          callback();
          for (const listener of listeners) listener();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse(code) {
      refusing = code;
    },
    refusals: () => refused,
    waitFor(filter, count = 1, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.filter(filter);
          if (found.length < count) return;
          done();
          resolve(found);
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `${count} message(s) expected within ${ms} ms; received: ${received.map((m) => `${m.to} "${m.subject}"`).join(", ") || "none"}`,
            ),
          );
        }, ms);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link into the portal a message's text holds (after `after`, when given). */
export function linkIn(mail: ReceivedMail, pattern: RegExp = /https?:\/\/\S+/): string {
  const match = mail.text.match(pattern);
  if (!match) throw new Error(`no link matching ${pattern} in "${mail.subject}":\n${mail.text}`);
  return match[0];
}
