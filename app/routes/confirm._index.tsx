import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useSearchParams } from "@remix-run/react";
import { MailRequestCard } from "~/components/auth/mail-request";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { answerMailRequest, resendConfirmation } from "~/models/account-mail.server";
import { withErrorTitle } from "~/utils/error-pages";

// "Send a new confirmation link": the same answer whether or not an account uses the address, or is confirmed.
export async function action({ request, context }: ActionFunctionArgs) {
  return answerMailRequest(await request.formData(), context.clientIp ?? "unknown", resendConfirmation);
}

export default function ResendConfirmationPage() {
  const answer = useActionData<typeof action>();
  // After a sign-up (the same page whether or not the address had an account: docs/product.md "Mail").
  const signedUp = useSearchParams()[0].get("new") === "1";
  return (
    <MailRequestCard
      titleId="resend-title"
      title={signedUp ? "Check your inbox" : "Send a new confirmation link"}
      notice={
        signedUp ? (
          <div className="alert alert-success" role="status">
            We sent a message to the address you gave. Follow its link to confirm your address. You can
            already <Link to="/login">sign in</Link>.
          </div>
        ) : null
      }
      intro={
        signedUp
          ? "No message after a few minutes? Check your spam folder, or have a new link sent."
          : "Enter the address you signed up with. We will mail you a new link to confirm it; it works for 3 days."
      }
      button="Mail me a link"
      pending="Sending…"
      sent={answer && "sent" in answer ? answer.sent : undefined}
      answer={answer && !("sent" in answer) ? answer : undefined}
    />
  );
}

export const meta: MetaFunction = withErrorTitle(() => [
  { title: "Confirm your e-mail address · PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
