import { type Category, type Purpose } from "../domain/categories";

const CATEGORY_LABELS: Record<Category, string> = {
  BASIC: "登记基本信息 (BASIC: registration)",
  JUDICIAL: "司法信息 (JUDICIAL: judgments, enforcement)",
  REGULATORY: "行政处罚信息 (REGULATORY: administrative penalties)",
  POSITIVE: "荣誉与资质 (POSITIVE: awards, certifications)",
  EVALUATION: "评价信息 (EVALUATION: tax credit grade, ratings)",
  TAX: "纳税信息 (TAX: tax payments)",
  SOCIAL_SECURITY: "社保与公积金 (SOCIAL_SECURITY: contributions, insured headcount)",
  UTILITIES: "水电气缴费 (UTILITIES: water, power, gas)",
};

const PURPOSE_LABELS: Record<Purpose, string> = {
  PRE_LOAN: "贷前审查 (PRE_LOAN)",
  IN_LOAN: "贷中审批 (IN_LOAN)",
  POST_LOAN: "贷后管理 (POST_LOAN)",
};

export interface AuthorisationTextInput {
  enterpriseName: string;
  uscc: string;
  bank: string;
  bankName?: string;
  categories: readonly Category[];
  purposes: readonly Purpose[];
  validFromIso: string;
  validUntilIso: string;
  request?: { requestId: string; note: string | null };
}

/**
 * The text the enterprise reads before it signs. Its keccak256 (of the UTF-8 bytes) is the
 * consent's document hash, so the signature commits to exactly these words.
 */
export function authorisationText(input: AuthorisationTextInput): string {
  const lines = [
    "企业征信数据查询授权书 / Authorisation to query enterprise credit data",
    "",
    `授权企业 Enterprise: ${input.enterpriseName}`,
    `统一社会信用代码 USCC: ${input.uscc}`,
    `被授权机构 Bank: ${input.bankName ? `${input.bankName} ` : ""}${input.bank}`,
    "",
    "授权查询的数据类别 Data categories:",
    ...input.categories.map((c) => `  - ${CATEGORY_LABELS[c]}`),
    "用途 Purposes:",
    ...input.purposes.map((p) => `  - ${PURPOSE_LABELS[p]}`),
    `有效期 Valid from ${input.validFromIso} until (not including) ${input.validUntilIso}`,
    "",
    "本企业可随时撤销本授权，撤销自记录撤销的区块起生效。",
    "每次查询均记录并锚定于账本，本企业可查看。",
    "The enterprise may revoke this authorisation at any time; revocation takes effect from the",
    "block that records it. Every query is receipted and anchored; the enterprise can see each one.",
  ];
  if (input.request) {
    lines.push("", `应机构授权请求 In answer to the bank's request ${input.request.requestId}`);
    if (input.request.note) lines.push(`请求说明 Request note: "${input.request.note}"`);
  }
  return lines.join("\n");
}
