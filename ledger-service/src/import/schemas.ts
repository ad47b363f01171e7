/**
 * The record layout of each data category: English field names (the JSON
 * form and what queries serve), the Chinese column headers providers publish,
 * which fields a record must have, their types, the natural key that decides
 * what a re-import replaces, and the field that ends a record's publicity.
 *
 * The penalty layout (REGULATORY) is fixed by the national "double publicity"
 * standard; the others follow the tables the respective departments publish.
 * Amount fields end in `Fen`: the JSON form carries fen, while CSV columns
 * carry ten-thousand yuan, as their headers say.
 */
import type { Category } from "../domain/categories";

/**
 * - text: any text, NFKC-normalised and trimmed
 * - uscc: a Unified Social Credit Code, validated and normalised
 * - date: `YYYY-MM-DD`
 * - month: `YYYY-MM` (tax, contribution and billing periods)
 * - fen: a whole number of fen as a decimal string
 * - integer: a whole number, zero or more, as a decimal string
 * - enum: one of the field's upper-case codes
 */
export type FieldType = "text" | "uscc" | "date" | "month" | "fen" | "integer" | "enum";

export interface FieldSpec {
  /** English name: the JSON key and the key in served records. */
  readonly name: string;
  /** The Chinese column header as providers publish it. */
  readonly header: string;
  /** Other headers in use for the same column. */
  readonly aliases: readonly string[];
  readonly type: FieldType;
  /** A record without a value here is rejected; a file without the column is. */
  readonly required: boolean;
  /** For enums: each upper-case code with the Chinese spellings accepted for it. */
  readonly values?: Readonly<Record<string, readonly string[]>>;
}

export type FieldValues = Readonly<Record<string, string | null>>;

export interface CategorySchema {
  readonly category: Category;
  /** In the order served records list them. */
  readonly fields: readonly FieldSpec[];
  /** Field names whose values identify a record; every key field is required. */
  readonly naturalKey: readonly string[];
  /** The date field after which a record is kept but no longer served, if any. */
  readonly publicityEndField: string | null;
  /** A rule across fields; answers the problem, or null when the record is fine. */
  readonly check?: (fields: FieldValues) => string | null;
}

interface FieldOptions {
  aliases?: readonly string[];
  values?: Readonly<Record<string, readonly string[]>>;
}

function required(name: string, header: string, type: FieldType, options: FieldOptions = {}) {
  return field(name, header, type, true, options);
}

function optional(name: string, header: string, type: FieldType, options: FieldOptions = {}) {
  return field(name, header, type, false, options);
}

function field(
  name: string,
  header: string,
  type: FieldType,
  isRequired: boolean,
  options: FieldOptions,
): FieldSpec {
  const spec: FieldSpec = {
    name,
    header,
    aliases: options.aliases ?? [],
    type,
    required: isRequired,
  };
  return options.values === undefined ? spec : { ...spec, values: options.values };
}

const USCC_HEADER = "统一社会信用代码";
const SOURCE_UNIT = optional("sourceUnit", "数据来源单位", "text");

const TAX_CREDIT_GRADES = ["A", "B", "M", "C", "D"];
const ENVIRONMENTAL_GRADES = ["GREEN", "BLUE", "YELLOW", "RED", "BLACK"];

const BASIC: CategorySchema = {
  category: "BASIC",
  fields: [
    required("name", "企业名称", "text", { aliases: ["名称", "市场主体名称"] }),
    required("uscc", USCC_HEADER, "uscc"),
    required("legalRepresentative", "法定代表人", "text", {
      aliases: ["法定代表人（负责人）", "负责人"],
    }),
    optional("entityType", "企业类型", "text", { aliases: ["市场主体类型", "类型"] }),
    optional("registeredCapitalFen", "注册资本（万元）", "fen"),
    required("establishedDate", "成立日期", "date"),
    optional("address", "住所", "text", { aliases: ["注册地址", "地址"] }),
    optional("businessScope", "经营范围", "text"),
    optional("staffCount", "从业人数", "integer"),
    optional("licences", "许可证照", "text", { aliases: ["行政许可"] }),
    optional("registrationAuthority", "登记机关", "text"),
    required("registrationStatus", "登记状态", "enum", {
      aliases: ["经营状态"],
      values: {
        ACTIVE: ["存续", "在业", "开业", "在营"],
        DEREGISTERED: ["注销"],
        REVOKED: ["吊销", "吊销，未注销"],
        MOVED_OUT: ["迁出"],
      },
    }),
    SOURCE_UNIT,
  ],
  naturalKey: ["uscc"],
  publicityEndField: null,
};

const JUDICIAL: CategorySchema = {
  category: "JUDICIAL",
  fields: [
    required("name", "当事人名称", "text", { aliases: ["被执行人名称", "企业名称"] }),
    required("uscc", USCC_HEADER, "uscc"),
    required("recordType", "记录类型", "enum", {
      values: {
        JUDGMENT: ["裁判文书", "判决", "裁定"],
        DISHONEST_DEBTOR: ["失信被执行人", "失信"],
        ENFORCEMENT: ["被执行人", "执行"],
      },
    }),
    required("caseNumber", "案号", "text"),
    required("court", "法院", "text", { aliases: ["执行法院", "经办法院", "审理法院"] }),
    optional("caseCause", "案由", "text"),
    optional("partyRole", "诉讼地位", "text", { aliases: ["当事人地位"] }),
    required("filingDate", "立案日期", "date"),
    optional("decisionDate", "裁判日期", "date", { aliases: ["判决日期", "裁定日期"] }),
    optional("amountFen", "涉案金额（万元）", "fen", {
      aliases: ["执行标的（万元）", "标的金额（万元）"],
    }),
    optional("performanceStatus", "履行情况", "text"),
    optional("content", "内容摘要", "text", { aliases: ["判决内容", "失信行为情形"] }),
    optional("publicityEndDate", "公示截止期", "date"),
    SOURCE_UNIT,
  ],
  naturalKey: ["uscc", "recordType", "caseNumber"],
  publicityEndField: "publicityEndDate",
};

const REGULATORY: CategorySchema = {
  category: "REGULATORY",
  fields: [
    required("name", "行政相对人名称", "text"),
    required("uscc", USCC_HEADER, "uscc"),
    optional("legalRepresentative", "法定代表人", "text"),
    required("decisionNumber", "行政处罚决定书文号", "text"),
    required("violationType", "违法行为类型", "text"),
    required("facts", "违法事实", "text"),
    required("legalBasis", "处罚依据", "text"),
    required("penaltyType", "处罚类别", "text"),
    required("penaltyContent", "处罚内容", "text"),
    optional("fineFen", "罚款金额（万元）", "fen"),
    required("decisionDate", "处罚决定日期", "date"),
    optional("penaltyValidUntil", "处罚有效期", "date"),
    optional("publicityEndDate", "公示截止期", "date"),
    required("authority", "处罚机关", "text"),
    optional("authorityUscc", "处罚机关统一社会信用代码", "uscc"),
    SOURCE_UNIT,
  ],
  naturalKey: ["uscc", "decisionNumber"],
  publicityEndField: "publicityEndDate",
};

const POSITIVE: CategorySchema = {
  category: "POSITIVE",
  fields: [
    required("name", "企业名称", "text"),
    required("uscc", USCC_HEADER, "uscc"),
    required("recordType", "记录类型", "enum", {
      values: {
        HIGH_TECH: ["高新技术企业", "高新技术企业认定"],
        SPECIALISED_SME: ["专精特新中小企业", "专精特新"],
        AWARD: ["荣誉表彰", "表彰", "获奖"],
        SUPPORT_PROJECT: ["政府扶持项目", "扶持项目"],
        CERTIFICATION: ["资质认证", "认证"],
      },
    }),
    required("title", "荣誉名称", "text", { aliases: ["项目名称", "认定名称"] }),
    required("documentNumber", "证书编号", "text", { aliases: ["文号", "批准文号"] }),
    required("issuingAuthority", "认定机关", "text", { aliases: ["颁发机关", "授予机关"] }),
    required("issueDate", "认定日期", "date", { aliases: ["颁发日期", "授予日期"] }),
    optional("validUntil", "有效期至", "date"),
    optional("supportAmountFen", "扶持金额（万元）", "fen"),
    optional("content", "内容", "text", { aliases: ["简介"] }),
    SOURCE_UNIT,
  ],
  naturalKey: ["uscc", "recordType", "documentNumber"],
  publicityEndField: null,
};

const EVALUATION: CategorySchema = {
  category: "EVALUATION",
  fields: [
    required("name", "企业名称", "text", { aliases: ["纳税人名称"] }),
    required("uscc", USCC_HEADER, "uscc", { aliases: ["纳税人识别号"] }),
    required("evaluationType", "评价类型", "enum", {
      values: {
        TAX_CREDIT: ["纳税信用等级", "纳税信用"],
        ENVIRONMENTAL: ["环境信用评价", "环保信用评价", "环境信用", "环保信用"],
      },
    }),
    required("evaluationYear", "评价年度", "integer"),
    required("grade", "评价等级", "enum", {
      aliases: ["信用等级", "评价结果"],
      values: {
        A: ["A级"],
        B: ["B级"],
        M: ["M级"],
        C: ["C级"],
        D: ["D级"],
        GREEN: ["绿牌", "绿色"],
        BLUE: ["蓝牌", "蓝色"],
        YELLOW: ["黄牌", "黄色"],
        RED: ["红牌", "红色"],
        BLACK: ["黑牌", "黑色"],
      },
    }),
    required("evaluator", "评价机关", "text", { aliases: ["评价单位"] }),
    optional("evaluationDate", "评价日期", "date", { aliases: ["发布日期"] }),
    optional("validUntil", "有效期至", "date"),
    SOURCE_UNIT,
  ],
  naturalKey: ["uscc", "evaluationType", "evaluationYear"],
  publicityEndField: null,
  check: (fields) => {
    const year = Number(fields.evaluationYear);
    if (year < 1900 || year > 2199) return `evaluation year ${year} is outside 1900-2199`;
    const grade = fields.grade ?? "";
    if (fields.evaluationType === "TAX_CREDIT" && !TAX_CREDIT_GRADES.includes(grade)) {
      return `a tax credit grade is one of A, B, M, C, D, got ${grade}`;
    }
    if (fields.evaluationType === "ENVIRONMENTAL" && !ENVIRONMENTAL_GRADES.includes(grade)) {
      return `an environmental rating is one of ${ENVIRONMENTAL_GRADES.join(", ")}, got ${grade}`;
    }
    return null;
  },
};

const TAX: CategorySchema = {
  category: "TAX",
  fields: [
    required("name", "纳税人名称", "text"),
    required("uscc", USCC_HEADER, "uscc", { aliases: ["纳税人识别号"] }),
    required("period", "税款所属期", "month", { aliases: ["所属期"] }),
    required("taxType", "税种", "text"),
    optional("declaredFen", "应纳税额（万元）", "fen"),
    required("paidFen", "实缴税额（万元）", "fen", { aliases: ["实缴金额（万元）"] }),
    optional("arrearsFen", "欠税金额（万元）", "fen"),
    optional("paymentDate", "缴款日期", "date", { aliases: ["入库日期"] }),
    optional("taxAuthority", "主管税务机关", "text"),
    SOURCE_UNIT,
  ],
  naturalKey: ["uscc", "period", "taxType"],
  publicityEndField: null,
};

const SOCIAL_SECURITY: CategorySchema = {
  category: "SOCIAL_SECURITY",
  fields: [
    required("name", "单位名称", "text"),
    required("uscc", USCC_HEADER, "uscc"),
    required("period", "费款所属期", "month", { aliases: ["所属期"] }),
    required("insuranceType", "险种", "enum", {
      values: {
        PENSION: ["企业职工基本养老保险", "基本养老保险", "养老保险"],
        MEDICAL: ["职工基本医疗保险", "基本医疗保险", "医疗保险"],
        UNEMPLOYMENT: ["失业保险"],
        WORK_INJURY: ["工伤保险"],
        MATERNITY: ["生育保险"],
        HOUSING_FUND: ["住房公积金", "公积金"],
      },
    }),
    required("insuredCount", "参保人数", "integer", { aliases: ["缴存人数"] }),
    optional("contributionBaseFen", "缴费基数（万元）", "fen"),
    optional("dueFen", "应缴金额（万元）", "fen"),
    required("paidFen", "实缴金额（万元）", "fen"),
    optional("arrearsFen", "欠缴金额（万元）", "fen"),
    optional("agency", "经办机构", "text"),
    SOURCE_UNIT,
  ],
  naturalKey: ["uscc", "period", "insuranceType"],
  publicityEndField: null,
};

const UTILITIES: CategorySchema = {
  category: "UTILITIES",
  fields: [
    required("name", "户名", "text", { aliases: ["用户名称"] }),
    required("uscc", USCC_HEADER, "uscc"),
    required("utilityType", "费用类型", "enum", {
      aliases: ["业务类型"],
      values: {
        WATER: ["水费", "供水", "用水"],
        ELECTRICITY: ["电费", "供电", "用电"],
        GAS: ["燃气费", "燃气", "天然气", "用气"],
      },
    }),
    required("accountNumber", "户号", "text", { aliases: ["用户编号"] }),
    required("period", "账期", "month", { aliases: ["计费月份"] }),
    optional("consumption", "用量", "text"),
    optional("consumptionUnit", "计量单位", "text"),
    required("billedFen", "应缴金额（万元）", "fen"),
    required("paidFen", "实缴金额（万元）", "fen"),
    optional("arrearsFen", "欠费金额（万元）", "fen"),
    optional("paymentDate", "缴费日期", "date"),
    optional("supplier", "供应单位", "text"),
    SOURCE_UNIT,
  ],
  naturalKey: ["uscc", "utilityType", "accountNumber", "period"],
  publicityEndField: null,
};

export const SCHEMAS: Readonly<Record<Category, CategorySchema>> = {
  BASIC,
  JUDICIAL,
  REGULATORY,
  POSITIVE,
  EVALUATION,
  TAX,
  SOCIAL_SECURITY,
  UTILITIES,
};

/** The headers a provider may use for a field: the published one first. */
export function headersOf(field: FieldSpec): readonly string[] {
  return [field.header, ...field.aliases];
}
