import { describe, expect, it } from "vitest";

import {
  computeCheckCharacter,
  isValidUscc,
  normalizeUscc,
  parseUscc,
} from "../../ledger-service/src/domain/uscc";
import { LedgerError } from "../../ledger-service/src/errors";

const VALID = "91350100M000100Y43";

function failure(input: unknown): { code: string; message: string } {
  try {
    parseUscc(input);
  } catch (error) {
    if (error instanceof LedgerError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`parseUscc accepted ${String(input)}`);
}

describe("normalizeUscc", () => {
  it("applies NFKC, trims and upper-cases", () => {
    expect(normalizeUscc(" ９１３５０１００ｍ０００１００ｙ４３\u3000")).toBe(VALID);
  });

  it("leaves a normalised code as it is", () => {
    expect(normalizeUscc(VALID)).toBe(VALID);
  });
});

describe("computeCheckCharacter", () => {
  it("computes the check character of the known example", () => {
    expect(computeCheckCharacter("91350100M000100Y4")).toBe("3");
  });

  it("maps a check value of 31 (a weighted sum divisible by 31) to 0", () => {
    const first17 = findFirst17WithCheck("0");
    expect(computeCheckCharacter(first17)).toBe("0");
    expect(isValidUscc(first17 + "0")).toBe(true);
  });

  it("can yield a letter as the check character", () => {
    const first17 = findFirst17WithCheck("Y");
    expect(parseUscc(first17 + "Y")).toBe(first17 + "Y");
  });

  it("refuses input that is not 17 characters of the alphabet", () => {
    expect(() => computeCheckCharacter("91350100M000100Y")).toThrow(
      'invalid USCC "91350100M000100Y": expected 17 characters before the check character, got 16',
    );
    expect(() => computeCheckCharacter("91350100M000100YI")).toThrow('position 17 has "I"');
  });
});

describe("parseUscc", () => {
  it("accepts a valid code and returns it", () => {
    expect(parseUscc(VALID)).toBe(VALID);
  });

  it("accepts full-width input and returns the half-width code", () => {
    expect(parseUscc("９１３５０１００Ｍ０００１００Ｙ４３")).toBe(VALID);
  });

  it("accepts lower case", () => {
    expect(parseUscc("91350100m000100y43")).toBe(VALID);
  });

  it("accepts surrounding spaces, tabs and ideographic spaces", () => {
    expect(parseUscc(`  \t${VALID}\u3000 `)).toBe(VALID);
  });

  it("rejects a wrong length with the length it got", () => {
    expect(failure("91350100M000100Y4")).toEqual({
      code: "INVALID_USCC",
      message: 'invalid USCC "91350100M000100Y4": must be 18 characters, got 17',
    });
    expect(failure("")).toEqual({
      code: "INVALID_USCC",
      message: 'invalid USCC "": must be 18 characters, got 0',
    });
    expect(failure(VALID + "0").message).toBe(
      `invalid USCC "${VALID}0": must be 18 characters, got 19`,
    );
  });

  it.each([
    ["I", 10, "91350100MI00100Y43"],
    ["O", 1, "O1350100M000100Y43"],
    ["S", 18, "91350100M000100Y4S"],
    ["V", 12, "91350100M00V100Y43"],
    ["Z", 9, "91350100Z000100Y43"],
    ["-", 16, "91350100M000100-43"],
  ])("rejects %s, which is outside the alphabet, naming position %i", (char, position, input) => {
    expect(failure(input)).toEqual({
      code: "INVALID_USCC",
      message:
        `invalid USCC ${JSON.stringify(input)}: position ${position} has "${char}", ` +
        "outside the code alphabet (0-9 and A-Y without I, O, S, V, Z)",
    });
  });

  it("rejects a letter in positions 3 to 8, naming the position", () => {
    expect(failure("913501A0M000100Y43")).toEqual({
      code: "INVALID_USCC",
      message:
        'invalid USCC "913501A0M000100Y43": positions 3-8 (administrative division) ' +
        'must be digits; position 7 is "A"',
    });
  });

  it("rejects a wrong check character with the expected one", () => {
    expect(failure("91350100M000100Y44")).toEqual({
      code: "INVALID_USCC",
      message: 'invalid USCC "91350100M000100Y44": check character expected 3, got 4',
    });
  });

  it("rejects a transposition of two characters by the check character", () => {
    expect(failure("91351000M000100Y43").code).toBe("INVALID_USCC");
  });

  it("rejects a value that is not a string", () => {
    expect(failure(91350100)).toEqual({
      code: "INVALID_USCC",
      message: "USCC must be a string, got number",
    });
    expect(failure(null).message).toBe("USCC must be a string, got null");
  });

  it("carries the normalised code in the error details", () => {
    try {
      parseUscc(" 91350100m000100y44 ");
      expect.unreachable();
    } catch (error) {
      expect((error as LedgerError).details).toEqual({ uscc: "91350100M000100Y44" });
      expect((error as LedgerError).status).toBe(400);
    }
  });
});

describe("isValidUscc", () => {
  it("answers true for valid and normalisable codes and false otherwise", () => {
    expect(isValidUscc(VALID)).toBe(true);
    expect(isValidUscc(" ９１３５０１００ｍ０００１００ｙ４３ ")).toBe(true);
    expect(isValidUscc("91350100M000100Y44")).toBe(false);
    expect(isValidUscc(undefined)).toBe(false);
  });
});

/** A 17-character body (varying only its last character) whose check character is `check`. */
function findFirst17WithCheck(check: string): string {
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (const a of alphabet) {
    for (const b of alphabet) {
      const first17 = `91350100MA000${a}${b}00`;
      if (computeCheckCharacter(first17) === check) return first17;
    }
  }
  throw new Error(`no body found with check character ${check}`);
}
