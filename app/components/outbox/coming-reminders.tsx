// The Outbox's coming reminders: what the daily sweep will send in the week ahead, as things stand, and to whom (at
// once or in their digest). The loader gives display-ready rows (app/jobs/upcoming-reminders.server.ts).

export interface ComingReminder {
  key: string;
  at: string;
  when: string;
  topic: string;
  about: string;
  recipients: string;
}

export function ComingReminders({ reminders, timeZone }: { reminders: ComingReminder[]; timeZone: string }) {
  return (
    <section aria-labelledby="coming-heading">
      <div className="section-title">
        <h2 id="coming-heading">Coming reminders</h2>
        <span className="muted">The next 7 days, at 08:00 {timeZone.replaceAll("_", " ")}</span>
      </div>
      {reminders.length === 0 ? (
        <p className="muted">
          No reminder is due in the next 7 days: no deadline, evidence request or expiring credential comes
          up.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table-stack">
            <caption className="visually-hidden">Coming reminders, soonest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Reminder</th>
                <th scope="col">To</th>
              </tr>
            </thead>
            <tbody>
              {reminders.map((r) => (
                <tr key={r.key}>
                  <td data-label="When">
                    <time dateTime={r.at}>{r.when}</time>
                  </td>
                  <td data-label="Reminder">
                    <span>
                      {r.about}
                      <span className="muted outbox-private">{r.topic}</span>
                    </span>
                  </td>
                  <td data-label="To">{r.recipients}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted spaced-sm">
        Reminders go once each, to the people with something left to do on the day; each person chooses in
        their mail preferences to have them at once, in a daily digest, or not at all.
      </p>
    </section>
  );
}
