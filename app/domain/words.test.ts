import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatBytes, formatDecimal, formatDuration, formatShare, plural, possessive } from "./words";

describe("formatDuration", () => {
  it("says a duration in the largest units that say it exactly", () => {
    expect(formatDuration(45)).toBe("45 min");
    expect(formatDuration(480)).toBe("8 h");
    expect(formatDuration(90)).toBe("1 h 30 min");
    expect(formatDuration(60 * 52)).toBe("2 d 4 h");
    expect(formatDuration(24 * 60 + 30)).toBe("1 d 30 min");
    expect(formatDuration(2_160 * 60)).toBe("90 d");
    expect(formatDuration(10_080)).toBe("7 d");
    expect(formatDuration(1)).toBe("1 min");
    expect(formatDuration(0)).toBe("0 min");
  });

  it("reads back to the same number of minutes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (minutes) => {
        const unit = { d: 24 * 60, h: 60, min: 1 } as Record<string, number>;
        const parts = formatDuration(minutes).replaceAll(",", "").split(" ");
        let total = 0;
        for (let i = 0; i < parts.length; i += 2) total += Number(parts[i]) * unit[parts[i + 1]];
        expect(total).toBe(minutes);
        expect(parts.length).toBeLessThanOrEqual(6);
      }),
    );
  });
});

describe("formatShare", () => {
  it("shows one decimal at most, without a trailing .0", () => {
    expect(formatShare(0.22)).toBe("22%");
    expect(formatShare(0.995)).toBe("99.5%");
    expect(formatShare(1)).toBe("100%");
    expect(formatShare(0)).toBe("0%");
    expect(formatShare(0.5625)).toBe("56.3%");
    expect(formatShare(1 / 3)).toBe("33.3%");
    expect(formatShare(0.125)).toBe("12.5%");
    expect(formatShare(0.25)).toBe("25%");
  });

  it("never shows a share that is not whole as 100%, or one that is not nothing as 0%", () => {
    expect(formatShare(0.9996)).toBe("99.9%");
    expect(formatShare(0.0004)).toBe("0.1%");
    expect(formatShare(1 - 1e-12)).toBe("100%");
    expect(formatShare(1e-12)).toBe("0%");
  });
});

describe("plural", () => {
  it("puts the noun in the number of the count", () => {
    expect(plural(1, "member", "members")).toBe("1 member");
    expect(plural(0, "member", "members")).toBe("0 members");
    expect(plural(1, "criterion", "criteria")).toBe("1 criterion");
    expect(plural(2, "criterion", "criteria")).toBe("2 criteria");
    expect(plural(1, "measured outcome", "measured outcomes")).toBe("1 measured outcome");
    expect(plural(1, "evidence request", "evidence requests")).toBe("1 evidence request");
    expect(plural(1200, "score", "scores")).toBe("1,200 scores");
  });
});

describe("possessive", () => {
  it("takes a bare apostrophe after a final s", () => {
    expect(possessive("Tessellate Labs")).toBe("Tessellate Labs'");
    expect(possessive("Kestrel Data Partners")).toBe("Kestrel Data Partners'");
    expect(possessive("Bluegum Digital")).toBe("Bluegum Digital's");
    expect(possessive("Priya ")).toBe("Priya's");
  });
});

describe("formatDecimal", () => {
  it("rounds halves away from zero and leaves no trailing zero", () => {
    expect(formatDecimal(20)).toBe("20");
    expect(formatDecimal(46.44)).toBe("46.4");
    expect(formatDecimal(0.05)).toBe("0.1");
    expect(formatDecimal(-0.04)).toBe("0");
    expect(formatDecimal(1234.5)).toBe("1,234.5");
  });
});

describe("formatBytes", () => {
  it("says a size in the largest unit under which it is at least 1, with one decimal only where it has one", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(1024)).toBe("1 KB");
    expect(formatBytes(12_800)).toBe("12.5 KB");
    expect(formatBytes(20 * 1024 * 1024)).toBe("20 MB");
    expect(formatBytes(1024 * 1024 - 10)).toBe("1 MB");
  });
});
