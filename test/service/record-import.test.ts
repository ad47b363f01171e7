import { ethers } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type TestLedger, startTestLedger } from "./harness";
import { grantConsent, inDays } from "./flows";

type Problem = { code: string; status: number };
type Report = {
  batchId: string;
  accepted: number;
  corrected: number;
  duplicates: number;
  rejected: { row: number; reason: string }[];
  anchored: boolean;
};

let t: TestLedger;
let uscc: string;

const HEADER =
  "行政相对人名称,统一社会信用代码,法定代表人,行政处罚决定书文号,违法行为类型,违法事实,处罚依据," +
  "处罚类别,处罚内容,罚款金额（万元）,处罚决定日期,处罚有效期,公示截止期,处罚机关,处罚机关统一社会信用代码,数据来源单位";

function penaltyRow(cells: Partial<Record<string, string>>) {
  const row = {
    name: "测试企业",
    uscc,
    legal: "张三",
    number: "榕税罚〔2026〕1号",
    type: "税务违法",
    facts: '"未按期申报,\r\n逾期三日"',
    basis: "《税收征收管理法》第六十二条",
    penaltyType: "罚款",
    content: "罚款0.15万元",
    fine: "0.15",
    date: "2026/3/5",
    validUntil: "2026年9月5日",
    publicityEnd: "2099-03-05",
    authority: "国家税务总局福州市税务局",
    authorityUscc: "11350100MB0000000Y",
    source: "福州市税务局",
    ...cells,
  };
  return Object.values(row).join(",");
}

beforeAll(async () => {
  t = await startTestLedger({ sampleEnterprises: 10 });
  uscc = t.summary.enterprises[2].uscc;
});
afterAll(async () => {
  await t?.close();
});

function importCsv(csv: string, client = t.provider_) {
  return client.post<Report & Problem>(
    "/v1/records:import?category=REGULATORY&format=csv",
    Buffer.from("\ufeff" + csv, "utf8"),
    { contentType: "text/csv" },
  );
}

describe("records:import", () => {
  it("keeps good rows, reports bad ones by record number, and anchors the batch", async () => {
    const csv = [
      HEADER,
      penaltyRow({ number: "榕税罚〔2026〕101号" }),
      penaltyRow({ number: "榕税罚〔2026〕102号", date: "2026-02-30" }),
      ",,,,,,,,,,,,,,,",
      penaltyRow({ number: "榕税罚〔2026〕103号", uscc: "91350100M000100Y44" }),
      penaltyRow({ number: "榕税罚〔2026〕104号", publicityEnd: "2020-01-01" }),
    ].join("\r\n");
    const report = await importCsv(csv);
    expect(report.status).toBe(200);
    expect(report.body.accepted).toBe(2);
    expect(report.body.duplicates).toBe(0);
    // record 2 spans two lines (a quoted CRLF); the all-empty record 4 is skipped
    expect(report.body.rejected.map((r) => r.row)).toEqual([3, 5]);
    expect(report.body.rejected[0].reason).toContain("2026-02-30");
    expect(report.body.anchored).toBe(true);

    const onChain = await t.service.ctx.contracts.anchors.dataBatch(report.body.batchId);
    expect(onChain.provider).toBe(t.provider_.address);
    expect(onChain.category).toBe(4n);
    expect(onChain.recordCount).toBe(2n);

    const records = await t.regulator.get<{
      records: { naturalKey: string; served: boolean; fields: Record<string, string> }[];
    }>(`/v1/enterprises/${uscc}/records?category=REGULATORY`);
    const imported = records.body.records.filter((r) =>
      r.fields.decisionNumber.startsWith("榕税罚〔2026〕10"),
    );
    expect(imported.map((r) => [r.fields.decisionNumber, r.served])).toEqual([
      ["榕税罚〔2026〕101号", true],
      ["榕税罚〔2026〕104号", false],
    ]);
    expect(imported[0].fields.fineFen).toBe("150000");
    expect(imported[0].fields.decisionDate).toBe("2026-03-05");
    expect(imported[0].fields.facts).toBe("未按期申报,\n逾期三日");
  });

  it("treats the same file again as duplicates and a changed row as a correction", async () => {
    const csv = [HEADER, penaltyRow({ number: "榕税罚〔2026〕201号" })].join("\r\n");
    const first = await importCsv(csv);
    expect(first.body.accepted).toBe(1);
    const again = await importCsv(csv);
    expect([again.body.accepted, again.body.duplicates, again.body.batchId]).toEqual([
      0,
      1,
      first.body.batchId,
    ]);
    const corrected = await importCsv(
      [HEADER, penaltyRow({ number: "榕税罚〔2026〕201号", fine: "0.2" })].join("\r\n"),
    );
    expect([corrected.body.accepted, corrected.body.corrected, corrected.body.duplicates]).toEqual([
      1, 1, 0,
    ]);
    const history = await t.service.ctx.records.historyOf(
      uscc,
      "REGULATORY",
      `REGULATORY|${uscc}|榕税罚〔2026〕201号`,
    );
    expect(history.map((h) => h.record.fields.fineFen)).toEqual(["150000"]);
  });

  it("does not serve a record whose publicity period has ended", async () => {
    const consentId = await grantConsent(t.enterprises[2], {
      uscc,
      bank: t.bank.address,
      categories: ["REGULATORY"],
      purposes: ["PRE_LOAN"],
      validUntil: inDays(10, t.now()),
    });
    const served = await t.bank.post<{ data: { REGULATORY: { decisionNumber: string }[] } }>(
      "/v1/queries",
      {
        uscc,
        categories: ["REGULATORY"],
        purpose: "PRE_LOAN",
        consentId,
      },
    );
    const numbers = served.body.data.REGULATORY.map((r) => r.decisionNumber);
    expect(numbers).toContain("榕税罚〔2026〕101号");
    expect(numbers).not.toContain("榕税罚〔2026〕104号");
  });

  it("refuses a category the provider is not allowed, changing nothing", async () => {
    const limited = ethers.Wallet.createRandom();
    const registered = await t.operator.post("/v1/participants", {
      address: limited.address,
      role: "DATA_PROVIDER",
      categories: ["TAX"],
    });
    expect(registered.status).toBe(201);
    const client = t.clientFor(limited.privateKey);
    const csv = [HEADER, penaltyRow({ number: "榕税罚〔2026〕301号" })].join("\r\n");
    const refused = await importCsv(csv, client);
    expect([refused.status, refused.body.code]).toEqual([403, "CATEGORY_NOT_ALLOWED"]);
    const records = await t.regulator.get<{ records: { fields: Record<string, string> }[] }>(
      `/v1/enterprises/${uscc}/records?category=REGULATORY`,
    );
    expect(
      records.body.records.some((r) => r.fields.decisionNumber === "榕税罚〔2026〕301号"),
    ).toBe(false);
  });

  it("lets only the provider that imported a record correct it", async () => {
    const other = ethers.Wallet.createRandom();
    await t.operator.post("/v1/participants", {
      address: other.address,
      role: "DATA_PROVIDER",
      categories: ["REGULATORY"],
    });
    const csv = [HEADER, penaltyRow({ number: "榕税罚〔2026〕201号", fine: "9" })].join("\r\n");
    const report = await importCsv(csv, t.clientFor(other.privateKey));
    expect(report.status).toBe(200);
    expect([report.body.accepted, report.body.corrected]).toEqual([0, 0]);
    expect(report.body.rejected).toEqual([
      {
        row: 2,
        reason: `REGULATORY|${uscc}|榕税罚〔2026〕201号 was imported by another provider; only that provider may correct it`,
      },
    ]);
    const stored = await t.service.ctx.records.listForEnterprise(uscc, ["REGULATORY"]);
    const record = stored.find((r) => r.record.fields.decisionNumber === "榕税罚〔2026〕201号");
    expect([record?.record.fields.fineFen, record?.provider]).toEqual([
      "200000",
      t.provider_.address,
    ]);
  });

  it("refuses an import without a category and a bank's import", async () => {
    const none = await t.provider_.post<Problem>("/v1/records:import?format=csv", "a,b", {
      contentType: "text/csv",
    });
    expect([none.status, none.body.code]).toEqual([400, "VALIDATION_FAILED"]);
    const bank = await t.bank.post<Problem>("/v1/records:import?category=TAX&format=csv", "a", {
      contentType: "text/csv",
    });
    expect([bank.status, bank.body.code]).toEqual([403, "ROLE_REQUIRED"]);
    const colonless = await t.provider_.post<Problem>("/v1/recordsXimport?category=TAX", "a", {
      contentType: "text/csv",
    });
    expect(colonless.status).toBe(404);
  });
});
