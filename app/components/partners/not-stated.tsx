/** What the partner page shows for a claim the partner left empty. */
export function NotStated() {
  return <span className="muted">Not stated</span>;
}
