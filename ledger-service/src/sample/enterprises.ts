/**
 * Fictional sample enterprises with valid, unique Unified Social Credit Codes.
 * The first five are the ones the dev accounts #5 to #9 are bound to: their
 * names and codes are the same for every seed, so documentation and manual
 * testing can name them.
 */
import { computeCheckCharacter } from "../domain/uscc";
import { LedgerError } from "../errors";
import {
  DIVISIONS,
  ENTITY_TYPES,
  GIVEN_NAME_CHARACTERS,
  INDUSTRIES,
  LEGAL_FORMS,
  STREETS,
  SURNAMES,
  TRADE_NAME_CHARACTERS,
  type SampleDivision,
  type SampleIndustry,
} from "./names";
import type { SeededRandom } from "./prng";

export interface SampleEnterprise {
  uscc: string;
  name: string;
  legalRepresentative: string;
  /** Six-digit administrative division code, also positions 3-8 of the USCC. */
  divisionCode: string;
  city: string;
  address: string;
  industry: string;
  businessScope: string;
  /** Factories: environmental ratings, gas bills, environmental penalties. */
  manufacturing: boolean;
  entityType: string;
  establishedDate: string;
  registeredCapitalFen: string;
  staffCount: number;
  /** Whether a dev account (#5 to #9) is bound to it: the first five. */
  devAccount: boolean;
}

/** What the dev enterprises are: fixed, so every seed yields the same five. */
const DEV_ENTERPRISES = [
  { trade: "演示一号", division: "350102", industry: "精密机械", person: "陈一鸣" },
  { trade: "演示二号", division: "350203", industry: "软件科技", person: "林二帆" },
  { trade: "演示三号", division: "350503", industry: "纺织服饰", person: "黄三石" },
  { trade: "演示四号", division: "350104", industry: "食品", person: "吴四海" },
  { trade: "演示五号", division: "350206", industry: "物流", person: "郑五岳" },
] as const;

export const DEV_ENTERPRISE_COUNT = DEV_ENTERPRISES.length;

/** Characters of organisation codes: the USCC alphabet, so every code is a valid USCC body. */
const ORGANISATION_CODE_CHARACTERS = [..."0123456789ABCDEFGHJKLMNPQRTUWXY"];

/** GB 11714 organisation-code check weights for the first eight characters. */
const ORGANISATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

export function generateEnterprises(random: SeededRandom, count: number): SampleEnterprise[] {
  if (!Number.isInteger(count) || count < DEV_ENTERPRISE_COUNT) {
    throw new LedgerError(
      "VALIDATION_FAILED",
      `enterpriseCount must be a whole number of at least ${DEV_ENTERPRISE_COUNT}, got ${count}`,
    );
  }

  const enterprises: SampleEnterprise[] = [];
  const usedCodes = new Set<string>();
  const usedNames = new Set<string>();

  DEV_ENTERPRISES.forEach((dev, index) => {
    const division = divisionByCode(dev.division);
    const industry = industryByWord(dev.industry);
    // "MADEM00n": a registration-style organisation code that reads as a demo.
    const uscc = usccFor("91", division.code, `MADEM00${index + 1}`);
    const name = `${division.city}${dev.trade}${industry.word}有限公司`;
    usedCodes.add(uscc);
    usedNames.add(name);
    enterprises.push(
      describe(random, { uscc, name, person: dev.person, division, industry, devAccount: true }),
    );
  });

  while (enterprises.length < count) {
    const division = random.pick(DIVISIONS);
    const industry = random.pick(INDUSTRIES);
    const trade = random.pick(TRADE_NAME_CHARACTERS) + random.pick(TRADE_NAME_CHARACTERS);
    const name = `${division.city}${trade}${industry.word}${random.pick(LEGAL_FORMS)}`;
    const body = "MA" + randomCharacters(random, 6);
    const uscc = usccFor("91", division.code, body);
    if (usedCodes.has(uscc) || usedNames.has(name)) continue;

    usedCodes.add(uscc);
    usedNames.add(name);
    enterprises.push(
      describe(random, {
        uscc,
        name,
        person: personName(random),
        division,
        industry,
        devAccount: false,
      }),
    );
  }

  return enterprises;
}

/**
 * A valid USCC: registration authority and entity type (`91` for an
 * enterprise registered with market regulation, `11` for a government organ),
 * the division, an 8-character organisation code body with its GB 11714 check
 * character, and the USCC check character.
 */
export function usccFor(prefix: string, divisionCode: string, organisationBody: string): string {
  const first17 = prefix + divisionCode + organisationBody + organisationCheck(organisationBody);
  return first17 + computeCheckCharacter(first17);
}

export function personName(random: SeededRandom): string {
  const given = random.chance(0.6)
    ? random.pick(GIVEN_NAME_CHARACTERS) + random.pick(GIVEN_NAME_CHARACTERS)
    : random.pick(GIVEN_NAME_CHARACTERS);
  return random.pick(SURNAMES) + given;
}

interface Identity {
  uscc: string;
  name: string;
  person: string;
  division: SampleDivision;
  industry: SampleIndustry;
  devAccount: boolean;
}

function describe(random: SeededRandom, identity: Identity): SampleEnterprise {
  const { division, industry } = identity;
  const year = random.int(2008, 2023);
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  // Capital in whole ten-thousand yuan, as registrations state it.
  const capitalWan = random.pick([50, 100, 200, 300, 500, 800, 1000, 2000, 5000]);
  const street = random.pick(STREETS);

  return {
    uscc: identity.uscc,
    name: identity.name,
    legalRepresentative: identity.person,
    divisionCode: division.code,
    city: division.city,
    address: `${division.city}市${division.district}${street}${random.int(1, 399)}号`,
    industry: industry.word,
    businessScope: industry.scope,
    manufacturing: industry.manufacturing,
    entityType: random.pick(ENTITY_TYPES),
    establishedDate: `${year}-${pad2(month)}-${pad2(day)}`,
    registeredCapitalFen: `${capitalWan}000000`,
    staffCount: random.int(5, industry.manufacturing ? 480 : 160),
    devAccount: identity.devAccount,
  };
}

function organisationCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < ORGANISATION_CODE_WEIGHTS.length; i++) {
    // GB 11714 values: digits as themselves, letters A=10 ... Z=35.
    sum += parseInt(body[i], 36) * ORGANISATION_CODE_WEIGHTS[i];
  }
  const check = 11 - (sum % 11);
  if (check === 10) return "X";
  return check === 11 ? "0" : String(check);
}

function randomCharacters(random: SeededRandom, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += random.pick(ORGANISATION_CODE_CHARACTERS);
  return text;
}

function divisionByCode(code: string): SampleDivision {
  const division = DIVISIONS.find((d) => d.code === code);
  if (division === undefined) throw new LedgerError("INTERNAL", `no sample division ${code}`);
  return division;
}

function industryByWord(word: string): SampleIndustry {
  const industry = INDUSTRIES.find((i) => i.word === word);
  if (industry === undefined) throw new LedgerError("INTERNAL", `no sample industry ${word}`);
  return industry;
}

export function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
