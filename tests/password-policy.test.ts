import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../app/utils/crypto.server";
import { passwordProblem } from "../app/utils/password-policy.server";

describe("password rules", () => {
  it("needs 12 characters", () => {
    expect(passwordProblem("elevenchars")).toBe("Use at least 12 characters.");
    expect(passwordProblem("twelve chars")).toBeUndefined();
  });

  it.each([
    "password1234",
    "PASSWORD1234",
    "qwertyuiop123",
    "1q2w3e4r5t6y",
    "iloveyou1234",
    "Welcome2026!!",
    "!!P@ssw0rd2025",
    "234567890123",
    "zzzzzzzzzzzz",
    "abcabcabcabc",
    "administrator",
  ])("refuses the common password %j", (password) => {
    expect(passwordProblem(password)).toMatch(/too common/);
  });

  it("refuses a password built from the e-mail", () => {
    expect(passwordProblem("margaret.h-2026!", { email: "margaret.h@corp.example" })).toMatch(/e-mail/);
  });

  it("accepts passphrases", () => {
    for (const p of ["violet tractor harbour 42", "correct horse battery", "Zq8#vL2!mN4@pR"]) {
      expect(passwordProblem(p)).toBeUndefined();
    }
  });

  it("accepts any long random password (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii", minLength: 20, maxLength: 40 }), (s) => {
        fc.pre(new Set(s).size > 6);
        return passwordProblem(s) === undefined || /too common|e-mail/.test(passwordProblem(s)!);
      }),
    );
  });
});

describe("password hashing", () => {
  it("uses scrypt with N = 2^15 and a random salt, and verifies only the right password", async () => {
    const a = await hashPassword("violet tractor harbour 42");
    const b = await hashPassword("violet tractor harbour 42");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("violet tractor harbour 42", a)).toBe(true);
    expect(await verifyPassword("violet tractor harbour 43", a)).toBe(false);
    expect(await verifyPassword("anything", "md5$abc")).toBe(false);
  });
});
