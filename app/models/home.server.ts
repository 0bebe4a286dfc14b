// The home page of a signed-in person (docs/features.md "Home"): what it shows depends on the kind of organisation
// and the role, and on the state of the organisation's work. Each home is in app/models/home/; this picks one.
import type { Viewer } from "../utils/access.server";
import {
  type AdminHome,
  adminHome,
  type EvaluatorHome,
  evaluatorHome,
  type ViewerHome,
  viewerHome,
} from "./home/buyer.server";
import { type PartnerHome, partnerHome } from "./home/partner.server";

export type Home = AdminHome | EvaluatorHome | ViewerHome | PartnerHome;

/** The home of this person: a fixed number of statements whatever the number of evaluations (at most five). */
export function homeFor(viewer: Viewer, now = new Date()): Promise<Home> {
  if (viewer.orgKind === "partner") return partnerHome(viewer, now);
  if (viewer.role === "admin") return adminHome(viewer, now);
  if (viewer.role === "evaluator") return evaluatorHome(viewer, now);
  return viewerHome(viewer, now);
}
