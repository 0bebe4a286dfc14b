import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AnswerRule, deadlinePassesAt, isAnswered, isSealed, validateAnswer } from "./questionnaire";

const rule = (patch: Partial<AnswerRule>): AnswerRule => ({
  answerType: "text",
  maxLength: null,
  unit: null,
  choices: [],
  required: true,
  ...patch,
});

describe("validateAnswer", () => {
  it("checks a text against its maximum length", () => {
    const q = rule({ maxLength: 5 });
    expect(validateAnswer(q, "hello", [])).toBeUndefined();
    expect(validateAnswer(q, "hello!", [])).toBe("Keep the answer to 5 characters (it has 6).");
    expect(validateAnswer(q, 42, [])).toBe("Enter text.");
  });

  it("accepts numbers of 0 or more, naming the unit", () => {
    const q = rule({ answerType: "number", unit: "days" });
    expect(validateAnswer(q, 0, [])).toBeUndefined();
    expect(validateAnswer(q, 12.5, [])).toBeUndefined();
    expect(validateAnswer(q, -1, [])).toBe("Enter a number of 0 or more.");
    expect(validateAnswer(q, "12", [])).toBe("Enter a number (days).");
    expect(validateAnswer(q, Number.NaN, [])).toBe("Enter a number (days).");
  });

  it("takes yes/no as a boolean", () => {
    const q = rule({ answerType: "yes_no" });
    expect(validateAnswer(q, false, [])).toBeUndefined();
    expect(validateAnswer(q, "yes", [])).toBe("Answer yes or no.");
  });

  it("takes one choice among the choices, several as a subset", () => {
    const one = rule({ answerType: "one_choice", choices: ["a", "b"] });
    expect(validateAnswer(one, "a", [])).toBeUndefined();
    expect(validateAnswer(one, "c", [])).toBe("Choose one of the options.");
    const many = rule({ answerType: "many_choices", choices: ["a", "b", "c"] });
    expect(validateAnswer(many, ["a", "c"], [])).toBeUndefined();
    expect(validateAnswer(many, ["a", "d"], [])).toBe("Choose only among the options.");
    expect(validateAnswer(many, ["a", "a"], [])).toBe("Choose each option at most once.");
    expect(validateAnswer(many, "a", [])).toBe("Choose among the options.");
  });

  it("takes a real calendar date written YYYY-MM-DD", () => {
    const q = rule({ answerType: "date" });
    expect(validateAnswer(q, "2028-02-29", [])).toBeUndefined();
    expect(validateAnswer(q, "2027-02-29", [])).toBe("Enter a real date (YYYY-MM-DD).");
    expect(validateAnswer(q, "29/02/2028", [])).toBe("Enter a real date (YYYY-MM-DD).");
  });

  it("needs at least one evidence id when evidence is required", () => {
    const q = rule({ answerType: "evidence" });
    expect(validateAnswer(q, null, ["e1"])).toBeUndefined();
    expect(validateAnswer(q, null, [])).toBe("Attach at least one evidence item.");
    expect(validateAnswer({ ...q, required: false }, null, [])).toBeUndefined();
  });

  it("accepts an unanswered optional question, refuses an unanswered required one", () => {
    expect(validateAnswer(rule({ required: false }), "  ", [])).toBeUndefined();
    expect(validateAnswer(rule({}), "  ", [])).toBe("Answer this question.");
    expect(validateAnswer(rule({ answerType: "many_choices", choices: ["a"] }), [], [])).toBe(
      "Answer this question.",
    );
  });

  it("property: a text is valid exactly when it fits (and is not blank when required)", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 20 }), fc.boolean(), (text, max, required) => {
        const q = rule({ maxLength: max, required });
        const blank = text.trim() === "";
        const valid = validateAnswer(q, text, []) === undefined;
        expect(valid).toBe(blank ? !required : text.length <= max);
      }),
    );
  });

  it("property: every subset of the choices is valid, anything outside is not", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 6 }),
        fc.string({ minLength: 1 }),
        (choices, stranger) => {
          const q = rule({ answerType: "many_choices", choices });
          expect(validateAnswer(q, choices.slice(1), [])).toBe(
            choices.length > 1 ? undefined : "Answer this question.",
          );
          if (!choices.includes(stranger)) expect(validateAnswer(q, [stranger], [])).toBeDefined();
        },
      ),
    );
  });
});

describe("isAnswered", () => {
  it("is true only for a valid, non-blank answer, optional or not", () => {
    expect(isAnswered(rule({ required: false }), "", [])).toBe(false);
    expect(isAnswered(rule({ required: false }), "ok", [])).toBe(true);
    expect(isAnswered(rule({ maxLength: 1 }), "too long", [])).toBe(false);
    expect(isAnswered(rule({ answerType: "evidence" }), null, ["e1"])).toBe(true);
  });
});

describe("isSealed", () => {
  const base = {
    sealed: true,
    deadlineOn: "2026-03-10",
    timeZone: "Australia/Sydney",
    candidates: 3,
    submittedCount: 1,
  };

  it("stays sealed to the end of the deadline day in the buyer's time zone", () => {
    // 2026-03-10 23:59 in Sydney (UTC+11) is 12:59 UTC; midnight there is 13:00 UTC.
    expect(isSealed({ ...base, now: new Date("2026-03-10T12:59:59Z") })).toBe(true);
    expect(isSealed({ ...base, now: new Date("2026-03-10T13:00:00Z") })).toBe(false);
    expect(deadlinePassesAt("2026-03-10", "Australia/Sydney").toISOString()).toBe("2026-03-10T13:00:00.000Z");
  });

  it("unseals once every candidate submitted, and never seals with sealing off", () => {
    const now = new Date("2026-03-01T00:00:00Z");
    expect(isSealed({ ...base, now, submittedCount: 3 })).toBe(false);
    expect(isSealed({ ...base, now, sealed: false })).toBe(false);
    expect(isSealed({ ...base, now, deadlineOn: null })).toBe(true);
  });

  it("property: sealing off is never sealed; later instants never re-seal", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2025-01-01"), max: new Date("2028-01-01"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        (now, later, candidates, submitted) => {
          const input = { ...base, candidates, submittedCount: Math.min(submitted, candidates), now };
          expect(isSealed({ ...input, sealed: false })).toBe(false);
          if (!isSealed(input))
            expect(isSealed({ ...input, now: new Date(now.getTime() + later) })).toBe(false);
        },
      ),
    );
  });
});
