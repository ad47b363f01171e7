/** Builds penalty CSV files in the provider layout for the importer tests. */

export const PENALTY_HEADERS = [
  "行政相对人名称",
  "统一社会信用代码",
  "法定代表人",
  "行政处罚决定书文号",
  "违法行为类型",
  "违法事实",
  "处罚依据",
  "处罚类别",
  "处罚内容",
  "罚款金额（万元）",
  "处罚决定日期",
  "处罚有效期",
  "公示截止期",
  "处罚机关",
  "处罚机关统一社会信用代码",
  "数据来源单位",
] as const;

export type PenaltyRow = Record<(typeof PENALTY_HEADERS)[number], string>;

export const AUTHORITY_USCC = "113501000035812349";

/** A valid penalty row; `overrides` replace cells by header. */
export function penaltyRow(
  overrides: Partial<Record<string, string>> = {},
): Record<string, string> {
  return {
    行政相对人名称: "福州恒瑞精密机械有限公司",
    统一社会信用代码: "91350100M000100Y43",
    法定代表人: "陈一鸣",
    行政处罚决定书文号: "榕市监处罚〔2026〕12号",
    违法行为类型: "销售超过保质期的食品",
    违法事实: "经查，当事人销售超过保质期的食品3件。",
    处罚依据: "《中华人民共和国食品安全法》第一百二十四条第一款",
    处罚类别: "罚款",
    处罚内容: "罚款人民币5,000元",
    "罚款金额（万元）": "0.5",
    处罚决定日期: "2026/3/5",
    处罚有效期: "2027年3月5日",
    公示截止期: "2029-03-05",
    处罚机关: "福州市市场监督管理局",
    处罚机关统一社会信用代码: AUTHORITY_USCC,
    数据来源单位: "福州市市场监督管理局",
    ...overrides,
  } as Record<string, string>;
}

export interface CsvOptions {
  headers?: readonly string[];
  lineEnd?: string;
  bom?: boolean;
}

/** Rows are written under `headers`, each cell quoted when it needs to be. */
export function penaltyCsvText(rows: Record<string, string>[], options: CsvOptions = {}): string {
  const headers = options.headers ?? PENALTY_HEADERS;
  const lineEnd = options.lineEnd ?? "\r\n";
  const lines = [headers.map(quote).join(",")];
  for (const row of rows) lines.push(headers.map((h) => quote(row[h] ?? "")).join(","));
  return (options.bom ? "\ufeff" : "") + lines.join(lineEnd) + lineEnd;
}

export function penaltyCsv(rows: Record<string, string>[], options: CsvOptions = {}): Uint8Array {
  return new TextEncoder().encode(penaltyCsvText(rows, options));
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
