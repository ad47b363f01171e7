/**
 * Sample records of every category for the sample enterprises, in the JSON
 * form (English field names, fen as decimal strings, ISO dates, enum codes).
 * Dates are fixed in the calendar, not taken from the clock, so a seed always
 * gives the same records; the penalties whose publicity has ended ended in
 * 2024 or 2025, the others run until 2028 or later.
 */
import type { Category } from "../domain/categories";
import { DEV_ENTERPRISE_COUNT, pad2, usccFor, type SampleEnterprise } from "./enterprises";
import { DIVISIONS, type SampleDivision } from "./names";
import type { SeededRandom } from "./prng";

export type SampleRecord = Record<string, string | null>;

export type SampleRecords = Record<Category, SampleRecord[]>;

/** The last month of the sample's payment histories. */
const LAST_PERIOD = { year: 2026, month: 11 };

export function generateCategoryRecords(
  random: SeededRandom,
  enterprises: readonly SampleEnterprise[],
): SampleRecords {
  const records: SampleRecords = {
    BASIC: [],
    JUDICIAL: [],
    REGULATORY: [],
    POSITIVE: [],
    EVALUATION: [],
    TAX: [],
    SOCIAL_SECURITY: [],
    UTILITIES: [],
  };
  const serial = { next: 1000 };

  enterprises.forEach((enterprise, index) => {
    const dev = index < DEV_ENTERPRISE_COUNT;
    const division = divisionOf(enterprise);

    records.BASIC.push(basic(random, enterprise, division));

    const judicialCount = dev ? 1 : random.weighted([0, 1, 2], [92, 6, 2]);
    for (let i = 0; i < judicialCount; i++) {
      const kind = dev
        ? JUDICIAL_KINDS[index % JUDICIAL_KINDS.length]
        : random.pick(JUDICIAL_KINDS);
      records.JUDICIAL.push(judicial(random, enterprise, division, kind, serial));
    }

    const penaltyCount = dev ? 1 : random.weighted([0, 1, 2], [85, 12, 3]);
    for (let i = 0; i < penaltyCount; i++) {
      const ended = !dev && random.chance(0.08);
      records.REGULATORY.push(penalty(random, enterprise, division, serial, ended));
    }
    // Dev enterprise three also has a penalty whose publicity has ended.
    if (index === 2) records.REGULATORY.push(penalty(random, enterprise, division, serial, true));

    if (dev || random.chance(0.1)) {
      const kind = dev
        ? POSITIVE_KINDS[index % POSITIVE_KINDS.length]
        : random.pick(POSITIVE_KINDS);
      records.POSITIVE.push(positive(random, enterprise, division, kind, serial));
    }

    for (const year of dev ? [2024, 2025] : [2025]) {
      records.EVALUATION.push(taxCredit(random, enterprise, division, year));
    }
    if (dev || (enterprise.manufacturing && random.chance(0.5))) {
      records.EVALUATION.push(environmentalRating(random, enterprise, division));
    }

    if (dev || random.chance(0.15)) {
      records.TAX.push(...taxPayments(random, enterprise, division, dev ? 12 : 3, dev));
    }
    if (dev || random.chance(0.15)) {
      records.SOCIAL_SECURITY.push(
        ...contributions(random, enterprise, division, dev ? 12 : 3, dev),
      );
    }
    if (dev || random.chance(0.1)) {
      records.UTILITIES.push(...utilityBills(random, enterprise, division, dev ? 6 : 3, dev));
    }
  });

  return records;
}

function basic(random: SeededRandom, e: SampleEnterprise, d: SampleDivision): SampleRecord {
  return {
    name: e.name,
    uscc: e.uscc,
    legalRepresentative: e.legalRepresentative,
    entityType: e.entityType,
    registeredCapitalFen: e.registeredCapitalFen,
    establishedDate: e.establishedDate,
    address: e.address,
    businessScope: e.businessScope,
    staffCount: String(e.staffCount),
    licences: e.industry === "食品" || e.industry === "餐饮管理" ? "食品经营许可证" : null,
    registrationAuthority: `${d.city}市市场监督管理局`,
    registrationStatus: e.devAccount || random.chance(0.98) ? "ACTIVE" : "REVOKED",
    sourceUnit: `${d.city}市市场监督管理局`,
  };
}

const JUDICIAL_KINDS = ["JUDGMENT", "ENFORCEMENT", "DISHONEST_DEBTOR"] as const;
type JudicialKind = (typeof JUDICIAL_KINDS)[number];

function judicial(
  random: SeededRandom,
  e: SampleEnterprise,
  d: SampleDivision,
  kind: JudicialKind,
  serial: { next: number },
): SampleRecord {
  const year = random.int(2023, 2026);
  const court = `${d.city}市${d.district}人民法院`;
  const courtCode = `${d.courtAbbreviation}${d.code.slice(2, 4)}${d.code.slice(4)}`;
  const filingDate = randomDate(random, year, year);
  const amountFen = String(random.int(5, 800) * 100000);
  const caseNumber =
    kind === "JUDGMENT"
      ? `（${year}）${courtCode}民初${serial.next++}号`
      : `（${year}）${courtCode}执${serial.next++}号`;

  return {
    name: e.name,
    uscc: e.uscc,
    recordType: kind,
    caseNumber,
    court,
    caseCause: random.pick(["买卖合同纠纷", "借款合同纠纷", "劳动争议", "租赁合同纠纷"]),
    partyRole: kind === "JUDGMENT" ? random.pick(["原告", "被告"]) : "被执行人",
    filingDate,
    decisionDate: kind === "JUDGMENT" ? addDays(filingDate, random.int(40, 200)) : null,
    amountFen,
    performanceStatus: kind === "JUDGMENT" ? null : random.pick(["全部未履行", "部分履行"]),
    content:
      kind === "DISHONEST_DEBTOR"
        ? "有履行能力而拒不履行生效法律文书确定义务"
        : kind === "ENFORCEMENT"
          ? "申请执行人申请强制执行，本院已立案执行"
          : "判令被告支付货款及逾期付款利息",
    publicityEndDate: kind === "DISHONEST_DEBTOR" ? addYears(filingDate, 3) : null,
    sourceUnit: court,
  };
}

interface PenaltyKind {
  authority: (d: SampleDivision) => string;
  numberPrefix: (d: SampleDivision) => string;
  /** Two digits naming the authority in its generated organisation code. */
  authorityCode: string;
  violations: readonly {
    type: string;
    facts: string;
    basis: string;
    penaltyType: string;
    fined: boolean;
  }[];
  manufacturingOnly: boolean;
}

const PENALTY_KINDS: readonly PenaltyKind[] = [
  {
    authority: (d) => `${d.city}市市场监督管理局`,
    numberPrefix: (d) => `${d.cityAbbreviation}市监处罚`,
    authorityCode: "01",
    manufacturingOnly: false,
    violations: [
      {
        type: "销售超过保质期的食品",
        facts:
          "经查，当事人在其经营场所销售超过保质期的预包装食品{n}件，" +
          "货值金额{goods}元（含税, 按标价计）。\n以上事实有现场检查笔录、询问笔录为证。",
        basis: "《中华人民共和国食品安全法》第一百二十四条第一款",
        penaltyType: "罚款;没收违法所得",
        fined: true,
      },
      {
        type: "虚假宣传",
        facts: '经查，当事人在网店页面宣称产品"全国销量第一"，无事实依据。',
        basis: "《中华人民共和国反不正当竞争法》第二十条",
        penaltyType: "罚款",
        fined: true,
      },
      {
        type: "未按规定公示年度报告",
        facts: "当事人未按照规定的期限公示年度报告。",
        basis: "《企业信息公示暂行条例》第十八条",
        penaltyType: "警告",
        fined: false,
      },
    ],
  },
  {
    authority: (d) => `国家税务总局${d.city}市税务局`,
    numberPrefix: (d) => `${d.cityAbbreviation}税罚`,
    authorityCode: "02",
    manufacturingOnly: false,
    violations: [
      {
        type: "未按照规定期限办理纳税申报",
        facts: "当事人未按照规定期限办理{year}年{month}月增值税纳税申报。",
        basis: "《中华人民共和国税收征收管理法》第六十二条",
        penaltyType: "罚款",
        fined: true,
      },
    ],
  },
  {
    authority: (d) => `${d.city}市生态环境局`,
    numberPrefix: (d) => `${d.cityAbbreviation}环罚`,
    authorityCode: "03",
    manufacturingOnly: true,
    violations: [
      {
        type: "超标排放大气污染物",
        facts:
          "经监测，当事人废气排放口颗粒物浓度为{n}mg/m3，超过排放标准。\n" +
          "当事人已于检查当日停产整改, 并提交整改报告。",
        basis: "《中华人民共和国大气污染防治法》第九十九条第二项",
        penaltyType: "罚款",
        fined: true,
      },
    ],
  },
  {
    authority: (d) => `${d.city}市应急管理局`,
    numberPrefix: (d) => `${d.cityAbbreviation}应急罚`,
    authorityCode: "04",
    manufacturingOnly: true,
    violations: [
      {
        type: "未按规定对从业人员进行安全生产教育和培训",
        facts: "当事人未对{n}名新入职从业人员进行安全生产教育和培训。",
        basis: "《中华人民共和国安全生产法》第九十七条第三项",
        penaltyType: "罚款",
        fined: true,
      },
    ],
  },
  {
    authority: (d) => `${d.city}市消防救援支队`,
    numberPrefix: (d) => `${d.cityAbbreviation}消行罚决字`,
    authorityCode: "05",
    manufacturingOnly: false,
    violations: [
      {
        type: "消防设施、器材未保持完好有效",
        facts: "当事人仓库内{n}具灭火器压力不足，室内消火栓无水。",
        basis: "《中华人民共和国消防法》第六十条第一款第一项",
        penaltyType: "罚款",
        fined: true,
      },
    ],
  },
];

function penalty(
  random: SeededRandom,
  e: SampleEnterprise,
  d: SampleDivision,
  serial: { next: number },
  ended: boolean,
): SampleRecord {
  const kinds = PENALTY_KINDS.filter((k) => e.manufacturing || !k.manufacturingOnly);
  const kind = random.pick(kinds);
  const violation = random.pick(kind.violations);
  const decisionDate = ended
    ? randomDate(random, 2021, 2022)
    : addDays("2025-06-01", random.int(0, 500));
  const year = decisionDate.slice(0, 4);
  const authority = kind.authority(d);
  const facts = violation.facts
    .replace("{n}", String(random.int(2, 60)))
    .replace("{goods}", formatYuan(random.int(10000, 900000)))
    .replace("{year}", year)
    .replace("{month}", String(random.int(1, 12)));
  // Mostly round amounts, some with fen so that files carry six decimals of 万元.
  const fineFen = !violation.fined
    ? null
    : random.chance(0.2)
      ? String(random.int(100000, 9999999))
      : String(random.pick([2000, 5000, 10000, 20000, 50000, 100000, 300000]) * 100);

  return {
    name: e.name,
    uscc: e.uscc,
    legalRepresentative: e.legalRepresentative,
    decisionNumber: `${kind.numberPrefix(d)}〔${year}〕${serial.next++}号`,
    violationType: violation.type,
    facts,
    legalBasis: violation.basis,
    penaltyType: violation.penaltyType,
    penaltyContent:
      fineFen === null ? "警告" : `罚款人民币${formatYuan(Number(fineFen))}元, 责令限期改正`,
    fineFen,
    decisionDate,
    penaltyValidUntil: addYears(decisionDate, 1),
    publicityEndDate: addYears(decisionDate, 3),
    authority,
    authorityUscc: usccFor("11", d.code, `${kind.authorityCode}${d.code}`),
    sourceUnit: authority,
  };
}

const POSITIVE_KINDS = ["HIGH_TECH", "SPECIALISED_SME", "AWARD", "SUPPORT_PROJECT"] as const;
type PositiveKind = (typeof POSITIVE_KINDS)[number];

function positive(
  random: SeededRandom,
  e: SampleEnterprise,
  d: SampleDivision,
  kind: PositiveKind,
  serial: { next: number },
): SampleRecord {
  const issueDate = randomDate(random, 2023, 2026);
  const year = issueDate.slice(0, 4);
  const byKind = {
    HIGH_TECH: {
      title: "高新技术企业",
      documentNumber: `GR${year}${d.code.slice(0, 2)}${String(serial.next++).padStart(6, "0")}`,
      issuingAuthority: `${d.city}市科学技术局`,
      validUntil: addYears(issueDate, 3),
      supportAmountFen: null,
    },
    SPECIALISED_SME: {
      title: "专精特新中小企业",
      documentNumber: `${d.cityAbbreviation}工信〔${year}〕${serial.next++}号`,
      issuingAuthority: `${d.city}市工业和信息化局`,
      validUntil: addYears(issueDate, 3),
      supportAmountFen: null,
    },
    AWARD: {
      title: "守合同重信用企业",
      documentNumber: `${d.cityAbbreviation}市监〔${year}〕${serial.next++}号`,
      issuingAuthority: `${d.city}市市场监督管理局`,
      validUntil: null,
      supportAmountFen: null,
    },
    SUPPORT_PROJECT: {
      title: "中小企业数字化转型专项资金项目",
      documentNumber: `${d.cityAbbreviation}财企〔${year}〕${serial.next++}号`,
      issuingAuthority: `${d.city}市财政局`,
      validUntil: null,
      supportAmountFen: String(random.int(5, 100) * 1000000),
    },
  }[kind];

  return {
    name: e.name,
    uscc: e.uscc,
    recordType: kind,
    title: byKind.title,
    documentNumber: byKind.documentNumber,
    issuingAuthority: byKind.issuingAuthority,
    issueDate,
    validUntil: byKind.validUntil,
    supportAmountFen: byKind.supportAmountFen,
    content: null,
    sourceUnit: byKind.issuingAuthority,
  };
}

function taxCredit(
  random: SeededRandom,
  e: SampleEnterprise,
  d: SampleDivision,
  year: number,
): SampleRecord {
  const evaluator = `国家税务总局${d.city}市税务局`;
  return {
    name: e.name,
    uscc: e.uscc,
    evaluationType: "TAX_CREDIT",
    evaluationYear: String(year),
    grade: e.devAccount ? "A" : random.weighted(["A", "B", "M", "C", "D"], [30, 45, 15, 7, 3]),
    evaluator,
    evaluationDate: `${year + 1}-04-${pad2(random.int(10, 28))}`,
    validUntil: `${year + 2}-03-31`,
    sourceUnit: evaluator,
  };
}

function environmentalRating(
  random: SeededRandom,
  e: SampleEnterprise,
  d: SampleDivision,
): SampleRecord {
  const evaluator = `${d.city}市生态环境局`;
  return {
    name: e.name,
    uscc: e.uscc,
    evaluationType: "ENVIRONMENTAL",
    evaluationYear: "2025",
    grade: random.weighted(["GREEN", "BLUE", "YELLOW", "RED", "BLACK"], [40, 40, 12, 6, 2]),
    evaluator,
    evaluationDate: `2026-05-${pad2(random.int(10, 28))}`,
    validUntil: null,
    sourceUnit: evaluator,
  };
}

function taxPayments(
  random: SeededRandom,
  e: SampleEnterprise,
  d: SampleDivision,
  months: number,
  withIncomeTax: boolean,
): SampleRecord[] {
  const authority = `国家税务总局${d.city}市${d.district}税务局`;
  const monthlyVatFen = e.staffCount * random.int(800, 3000) * 100;
  const payments: SampleRecord[] = [];

  for (const period of lastPeriods(months)) {
    const taxes: [string, number][] = [["增值税", monthlyVatFen + random.int(0, 99999)]];
    if (withIncomeTax && /-(03|06|09)$/.test(period)) {
      taxes.push(["企业所得税", monthlyVatFen * 2 + random.int(0, 99999)]);
    }
    for (const [taxType, declared] of taxes) {
      const arrears = random.chance(0.04) ? Math.floor(declared / 2) : 0;
      payments.push({
        name: e.name,
        uscc: e.uscc,
        period,
        taxType,
        declaredFen: String(declared),
        paidFen: String(declared - arrears),
        arrearsFen: arrears > 0 ? String(arrears) : null,
        paymentDate: arrears > 0 ? null : `${nextMonth(period)}-${pad2(random.int(5, 15))}`,
        taxAuthority: authority,
        sourceUnit: authority,
      });
    }
  }
  return payments;
}

function contributions(
  random: SeededRandom,
  e: SampleEnterprise,
  d: SampleDivision,
  months: number,
  withAllSchemes: boolean,
): SampleRecord[] {
  const agency = `${d.city}市社会保险事业管理中心`;
  const insured = Math.max(1, Math.floor(e.staffCount * 0.85));
  // Monthly base per person in fen, and the combined rate of each scheme in basis points.
  const baseFen = random.int(45, 90) * 10000;
  const schemes: [string, number][] = withAllSchemes
    ? [
        ["PENSION", 2400],
        ["MEDICAL", 1000],
        ["HOUSING_FUND", 2400],
      ]
    : [["PENSION", 2400]];
  const records: SampleRecord[] = [];

  for (const period of lastPeriods(months)) {
    for (const [scheme, rateBps] of schemes) {
      const due = Math.floor((baseFen * insured * rateBps) / 10000);
      const arrears = random.chance(0.03) ? Math.floor(due / 3) : 0;
      records.push({
        name: e.name,
        uscc: e.uscc,
        period,
        insuranceType: scheme,
        insuredCount: String(insured),
        contributionBaseFen: String(baseFen * insured),
        dueFen: String(due),
        paidFen: String(due - arrears),
        arrearsFen: arrears > 0 ? String(arrears) : null,
        agency: scheme === "HOUSING_FUND" ? `${d.city}住房公积金中心` : agency,
        sourceUnit: agency,
      });
    }
  }
  return records;
}

const UTILITY_TARIFFS = {
  ELECTRICITY: {
    unit: "千瓦时",
    priceFen: 75,
    supplier: (d: SampleDivision) => `${d.city}供电公司`,
  },
  WATER: {
    unit: "立方米",
    priceFen: 420,
    supplier: (d: SampleDivision) => `${d.city}市自来水公司`,
  },
  GAS: { unit: "立方米", priceFen: 380, supplier: (d: SampleDivision) => `${d.city}市燃气公司` },
} as const;

function utilityBills(
  random: SeededRandom,
  e: SampleEnterprise,
  d: SampleDivision,
  months: number,
  allUtilities: boolean,
): SampleRecord[] {
  const kinds: (keyof typeof UTILITY_TARIFFS)[] = allUtilities
    ? ["ELECTRICITY", "WATER", ...(e.manufacturing ? (["GAS"] as const) : [])]
    : ["ELECTRICITY"];
  const bills: SampleRecord[] = [];

  for (const kind of kinds) {
    const tariff = UTILITY_TARIFFS[kind];
    const accountNumber = `${d.code}${String(random.int(0, 99999999)).padStart(8, "0")}`;
    const typical =
      e.staffCount * (kind === "ELECTRICITY" ? random.int(200, 900) : random.int(2, 9));
    for (const period of lastPeriods(months)) {
      const consumption = Math.max(1, typical + random.int(-typical >> 3, typical >> 3));
      const billed = consumption * tariff.priceFen;
      const arrears = random.chance(0.05) ? billed : 0;
      bills.push({
        name: e.name,
        uscc: e.uscc,
        utilityType: kind,
        accountNumber,
        period,
        consumption: String(consumption),
        consumptionUnit: tariff.unit,
        billedFen: String(billed),
        paidFen: String(billed - arrears),
        arrearsFen: arrears > 0 ? String(arrears) : null,
        paymentDate: arrears > 0 ? null : `${nextMonth(period)}-${pad2(random.int(1, 20))}`,
        supplier: tariff.supplier(d),
        sourceUnit: tariff.supplier(d),
      });
    }
  }
  return bills;
}

function divisionOf(e: SampleEnterprise): SampleDivision {
  return DIVISIONS.find((d) => d.code === e.divisionCode) ?? DIVISIONS[0];
}

/** The `count` months up to LAST_PERIOD, oldest first, as `YYYY-MM`. */
function lastPeriods(count: number): string[] {
  const periods: string[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const index = LAST_PERIOD.year * 12 + (LAST_PERIOD.month - 1) - back;
    periods.push(`${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`);
  }
  return periods;
}

function nextMonth(period: string): string {
  const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7));
  return `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`;
}

function randomDate(random: SeededRandom, fromYear: number, toYear: number): string {
  return `${random.int(fromYear, toYear)}-${pad2(random.int(1, 12))}-${pad2(random.int(1, 28))}`;
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The same calendar day `years` later; 29 February becomes 28 February in a common year. */
function addYears(iso: string, years: number): string {
  const year = Number(iso.slice(0, 4)) + years;
  const monthDay = iso.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${year}-${monthDay === "02-29" && !leap ? "02-28" : monthDay}`;
}

/** Yuan from fen with thousands separators, e.g. 1234550 -> "12,345.50". */
function formatYuan(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return cents === 0 ? grouped : `${grouped}.${pad2(cents)}`;
}
