// The fields of a person following an invitation (a member's or a partner's): their address, then a name and a new
// password for a new account, or the password of their account without an organisation.

import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH } from "~/utils/limits";
import { Field, NewPasswordField } from "../forms";

export function InvitedPersonFields({
  account,
  emailHint,
  values,
  errors,
}: {
  account: "none" | "without-organisation" | "member-elsewhere";
  emailHint: string;
  values: Record<string, string | undefined>;
  errors: Record<string, string | undefined>;
}) {
  return (
    <>
      <Field
        label="Your e-mail"
        name="email"
        type="email"
        autoComplete="email"
        required
        maxLength={MAX_EMAIL_LENGTH}
        hint={emailHint}
        defaultValue={values.email}
        error={errors.email}
      />
      {account === "none" ? (
        <>
          <Field
            label="Your name"
            name="name"
            autoComplete="name"
            required
            maxLength={MAX_NAME_LENGTH}
            defaultValue={values.name}
            error={errors.name}
          />
          <NewPasswordField label="Choose a password" name="password" error={errors.password} />
        </>
      ) : (
        <Field
          label="Your password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={MAX_PASSWORD_LENGTH}
          hint="You already have an account without an organisation: confirm it is you."
          error={errors.password}
        />
      )}
    </>
  );
}
