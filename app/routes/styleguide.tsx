import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import {
  BadgeSpecimen,
  ButtonSpecimen,
  ColourSpecimen,
  EmptySpecimen,
  FormSpecimen,
  IconSpecimen,
  SpaceSpecimen,
  TableSpecimen,
  TypeSpecimen,
} from "~/components/styleguide/specimens";
import styleguideHref from "~/styles/styleguide.css";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styleguideHref }];

// The design system's pieces, for the people who build pages and for admins who want to see them: admins only
// (docs/design-system.md).
export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, { roles: ["admin"] });
  return null;
}

function Specimen({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro: string;
  children: ReactNode;
}) {
  return (
    <section className="card sg-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="muted">{intro}</p>
      {children}
    </section>
  );
}

export default function Styleguide() {
  return (
    <>
      <PageHeader
        title="Style guide"
        intro="The pieces every page is built from. docs/design-system.md says when to use which."
      />
      <div className="sg-grid">
        <Specimen
          id="sg-type"
          title="Type scale"
          intro="Inter, served by PartnerLens itself. Seven sizes, nothing between."
        >
          <TypeSpecimen />
        </Specimen>
        <Specimen
          id="sg-space"
          title="Spacing scale"
          intro="Margins, paddings and gaps take one of these steps."
        >
          <SpaceSpecimen />
        </Specimen>
        <Specimen id="sg-colour" title="Colours" intro="Every text colour reaches 4.5:1 on its background.">
          <ColourSpecimen />
        </Specimen>
        <Specimen
          id="sg-buttons"
          title="Buttons"
          intro="One primary action per page; secondary for the others, quiet for a row's minor actions, danger for what cannot be undone."
        >
          <ButtonSpecimen />
        </Specimen>
        <Specimen
          id="sg-badges"
          title="Status badges"
          intro="Five tones; the words carry the meaning, the colour repeats it."
        >
          <BadgeSpecimen />
        </Specimen>
        <Specimen
          id="sg-tables"
          title="Tables"
          intro="Calm headers in sentence case; numbers right-aligned in tabular figures."
        >
          <TableSpecimen />
        </Specimen>
        <Specimen
          id="sg-empty"
          title="Empty states"
          intro="What is missing, how it fills, and the one action that fills it."
        >
          <EmptySpecimen />
        </Specimen>
        <Specimen
          id="sg-forms"
          title="Fields and uploads"
          intro="A label above, the hint under it, the error at the field. The drop zone is a real file input, reached with Tab."
        >
          <FormSpecimen />
        </Specimen>
        <Specimen
          id="sg-icons"
          title="Icons"
          intro="lucide-react, one stroke set; each icon imported by name from app/components/ui/icons.ts."
        >
          <IconSpecimen />
        </Specimen>
      </div>
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Style guide · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
