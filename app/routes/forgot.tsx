import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { MailRequestCard } from "~/components/auth/mail-request";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { answerMailRequest, requestPasswordReset } from "~/models/account-mail.server";
import { optionalViewer } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";

// "Forgot your password?": mails a one-hour link. The answer is the same whether or not an account uses the address
// (docs/product.md "Mail").
export async function loader({ request }: LoaderFunctionArgs) {
  if (await optionalViewer(request)) throw redirect("/account");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return answerMailRequest(await request.formData(), context.clientIp ?? "unknown", requestPasswordReset);
}

export default function ForgotPage() {
  const answer = useActionData<typeof action>();
  return (
    <MailRequestCard
      titleId="forgot-title"
      title="Set a new password"
      intro="Enter the address you sign in with. We will mail you a link to choose a new password; it works for an hour."
      button="Mail me a link"
      pending="Sending…"
      sent={answer && "sent" in answer ? answer.sent : undefined}
      answer={answer && !("sent" in answer) ? answer : undefined}
    />
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Forgot your password · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
