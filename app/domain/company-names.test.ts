import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  companyKey,
  domainMatches,
  editDistance,
  emailDomain,
  MAX_NEAR_MATCHES,
  nearMatches,
} from "./company-names";

const partners = (...names: string[]) => names.map((name, i) => ({ id: `p${i}`, name }));

describe("companyKey", () => {
  it.each([
    ["Bluegum Digital", "bluegumdigital"],
    ["BLUEGUM DIGITAL PTY LTD", "bluegumdigital"],
    ["Bluegum Digital Pty. Ltd.", "bluegumdigital"],
    ["bluegum-digital, Inc.", "bluegumdigital"],
    ["Bluegum  Digital GmbH", "bluegumdigital"],
    ["Bluegum Digital Limited", "bluegumdigital"],
    ["Bluegum Digital LLC", "bluegumdigital"],
    ["Bluegum Digital Corp", "bluegumdigital"],
    ["Bluegum Digital plc", "bluegumdigital"],
    ["Bluegum Digital AG", "bluegumdigital"],
    ["Bluegum Digital S.A.", "bluegumdigital"],
    ["Bluegum Digital B.V.", "bluegumdigital"],
  ])("reads %s as %s", (name, key) => {
    expect(companyKey(name)).toBe(key);
  });

  it("reads '&' and 'and' alike, with or without spaces", () => {
    expect(companyKey("Smith & Jones")).toBe("smithandjones");
    expect(companyKey("Smith and Jones Ltd")).toBe("smithandjones");
    expect(companyKey("Smith&Jones")).toBe("smithandjones");
  });

  it("drops accents and apostrophes", () => {
    expect(companyKey("Müller Analytik GmbH")).toBe(companyKey("Muller Analytik"));
    expect(companyKey("O'Brien’s Data")).toBe("obriensdata");
  });

  it("removes legal forms only at the end, and keeps a name made of them alone", () => {
    expect(companyKey("Inc Labs")).toBe("inclabs");
    expect(companyKey("Company Ltd")).toBe("company");
    expect(companyKey("AG")).toBe("ag");
    expect(companyKey("...")).toBe("");
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (name) => {
        expect(companyKey(companyKey(name))).toBe(companyKey(name));
      }),
    );
  });

  it("maps case, punctuation, spacing and legal-form variants of a name to one key", () => {
    const word = fc.stringMatching(/^[A-Za-z][a-z0-9]{1,10}$/);
    const suffix = fc.constantFrom(
      "",
      " Ltd",
      " Pty Ltd",
      " Inc.",
      ", LLC",
      " GmbH",
      " Limited",
      " plc",
      " S.A.",
    );
    const separator = fc.constantFrom(" ", "  ", "-", ", ", ". ", "/", "_");
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), separator, suffix, (parts, sep, legal) => {
        // A name whose last word is itself a legal form would lose it too: not a variant of the plain name.
        fc.pre(
          !/^(ab|ag|aps|as|asa|bv|co|company|corp|corporation|gmbh|inc|incorporated|kg|kk|limited|llc|llp|lp|ltd|nv|oy|plc|pte|pty|sa|sarl|sas|spa|srl)$/i.test(
            parts.at(-1) ?? "",
          ),
        );
        const plain = parts.join(" ");
        const variant = `${parts.map((p) => p.toUpperCase()).join(sep)}${legal}`;
        expect(companyKey(variant)).toBe(companyKey(plain));
      }),
    );
  });

  it("holds only lower-case letters and digits", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (name) => {
        expect(companyKey(name)).toMatch(/^[\p{Ll}\p{Lo}\p{Lm}\p{N}]*$/u);
      }),
    );
  });
});

describe("editDistance", () => {
  it("counts single-character edits", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("stops past its limit", () => {
    expect(editDistance("abcdefgh", "zyxwvuts", 2)).toBe(3);
    expect(editDistance("a", "abcdef", 2)).toBe(3);
  });

  it("is symmetric and zero only for equal strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a === b);
      }),
    );
  });
});

describe("nearMatches", () => {
  const listed = partners(
    "Bluegum Digital Pty Ltd",
    "Bluegum Analytics",
    "Bluegm Digital",
    "Harbour AI",
    "Northwind Data",
    "Blue",
  );

  it("puts the same company first, then close names, and leaves the others out", () => {
    const found = nearMatches("bluegum digital", listed);
    expect(found.map((m) => [m.partner.name, m.kind])).toEqual([
      ["Bluegum Digital Pty Ltd", "same"],
      ["Bluegm Digital", "close"],
    ]);
  });

  it("finds a name that contains the one typed, or is contained in it", () => {
    // Whole words first ("Bluegum" is half of "bluegumdigital", less of "bluegumanalytics"), then part of a word.
    expect(nearMatches("Bluegum", listed).map((m) => m.partner.name)).toEqual([
      "Bluegum Digital Pty Ltd",
      "Bluegum Analytics",
      "Blue",
    ]);
    expect(nearMatches("Harbour AI Consulting", listed).map((m) => m.partner.name)).toEqual(["Harbour AI"]);
  });

  it("does not let a short name or a part of a word match everything that contains it", () => {
    expect(nearMatches("Blue Sky", listed).map((m) => m.partner.name)).not.toContain("Bluegum Analytics");
    expect(nearMatches("AI", listed)).toEqual([]);
    expect(nearMatches("Bluegum Digital", listed).map((m) => m.partner.name)).not.toContain("Blue");
  });

  it("offers nothing for an empty key, and at most the maximum", () => {
    expect(nearMatches("...", listed)).toEqual([]);
    const many = partners(...Array.from({ length: 20 }, (_, i) => `Acme ${String.fromCharCode(97 + i)}x`));
    expect(nearMatches("Acme", many)).toHaveLength(MAX_NEAR_MATCHES);
  });

  it("always finds a listed partner by any variant of its own name, as the same company", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...listed),
        fc.constantFrom("", " Ltd", " Inc", " GmbH"),
        (partner, legal) => {
          const typed = `${partner.name.toLowerCase().replace(/ /g, "-")}${legal}`;
          const found = nearMatches(typed, listed);
          expect(found[0]).toMatchObject({ kind: "same" });
          expect(found.filter((m) => m.kind === "same").map((m) => m.partner)).toContain(partner);
        },
      ),
    );
  });
});

describe("e-mail domains", () => {
  it("reads an address's domain in lower case", () => {
    expect(emailDomain("Ava@Bluegum.Example")).toBe("bluegum.example");
    expect(emailDomain("nobody")).toBe("");
  });

  it("match when the contact's domain is one of the partner's, and not when none is known", () => {
    expect(domainMatches("ava@bluegum.example", ["bluegum.example", "bluegum.io"])).toBe(true);
    expect(domainMatches("ava@gmail.example", ["bluegum.example"])).toBe(false);
    expect(domainMatches("ava@bluegum.example", [])).toBe(false);
  });
});
