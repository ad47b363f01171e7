import { CATEGORIES, PURPOSES } from "../domain/categories";
import {
  CONSENT_TYPES,
  EIP712_TYPES_VERSION,
  OUTCOME_TYPES,
  REPAYMENT_TYPES,
  REVOCATION_TYPES,
  ledgerDomain,
} from "../consent/eip712-types";
import { SCHEMAS, type FieldSpec } from "../import/schemas";
import type { ServiceContext } from "../service-context";
import { problemType } from "./problem";

const ERROR_CODES = {
  400: ["INVALID_USCC", "VALIDATION_FAILED", "MALFORMED_BODY"],
  401: ["SIGNATURE_INVALID", "TIMESTAMP_STALE", "NONCE_REUSED"],
  403: [
    "ROLE_REQUIRED",
    "NOT_YOUR_RESOURCE",
    "ENTERPRISE_UNKNOWN",
    "CONSENT_NOT_FOUND",
    "WRONG_BANK",
    "ENTERPRISE_MISMATCH",
    "CONSENT_PENDING",
    "CONSENT_REJECTED",
    "CONSENT_REVOKED",
    "CONSENT_NOT_YET_VALID",
    "CONSENT_EXPIRED",
    "PURPOSE_NOT_ALLOWED",
    "SCOPE_EXCEEDED",
    "CATEGORY_NOT_ALLOWED",
  ],
  404: ["NOT_FOUND"],
  409: ["CONFLICT", "QUERY_NOT_ANCHORED"],
  413: ["PAYLOAD_TOO_LARGE"],
  415: ["UNSUPPORTED_MEDIA_TYPE"],
  429: ["RATE_LIMITED"],
  503: ["CHAIN_UNAVAILABLE", "ANCHORING_BEHIND"],
} as const;

const hex32 = { type: "string", pattern: "^0x[0-9a-f]{64}$" };
const address = { type: "string", pattern: "^0x[0-9a-fA-F]{40}$" };
const time = {
  type: "string",
  description: "ISO 8601 time with offset, or YYYY-MM-DD (China Standard Time, see README)",
};
const categoryList = {
  type: "array",
  items: { $ref: "#/components/schemas/Category" },
  minItems: 1,
};
const purposeList = { type: "array", items: { $ref: "#/components/schemas/Purpose" }, minItems: 1 };
const json = (schema: unknown) => ({ content: { "application/json": { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function fieldSchema(field: FieldSpec) {
  const base: Record<string, unknown> = { description: field.header };
  switch (field.type) {
    case "date":
      return { ...base, type: ["string", "null"], format: "date" };
    case "month":
      return { ...base, type: ["string", "null"], pattern: "^\\d{4}-\\d{2}$" };
    case "fen":
    case "integer":
      return { ...base, type: ["string", "null"], pattern: "^\\d+$" };
    case "enum":
      return {
        ...base,
        type: ["string", "null"],
        enum: [...Object.keys(field.values ?? {}), null],
      };
    default:
      return { ...base, type: ["string", "null"] };
  }
}

function operation(
  summary: string,
  roles: readonly string[] | null,
  responses: Record<string, unknown>,
  requestBody?: unknown,
  parameters?: unknown[],
) {
  return {
    summary,
    ...(roles ? { "x-roles": roles, security: [{ signedRequest: [] }] } : { security: [] }),
    ...(parameters ? { parameters } : {}),
    ...(requestBody ? { requestBody: { required: true, ...(requestBody as object) } } : {}),
    responses: { ...responses, default: { $ref: "#/components/responses/Problem" } },
  };
}

const pathParam = (name: string, schema: unknown) => ({ name, in: "path", required: true, schema });
const pageParams = [
  {
    name: "limit",
    in: "query",
    schema: { type: "integer", minimum: 1, maximum: 500, default: 100 },
  },
  { name: "cursor", in: "query", schema: { type: "string" } },
];

/** The OpenAPI 3.1 document of this deployment (its chain id and contract addresses). */
export function openApiDocument(ctx: ServiceContext) {
  const { chainId, addresses } = ctx.contracts;
  const recordSchemas = Object.fromEntries(
    CATEGORIES.map((c) => [
      `${c}Record`,
      {
        type: "object",
        "x-natural-key": SCHEMAS[c].naturalKey,
        required: SCHEMAS[c].fields.filter((f) => f.required).map((f) => f.name),
        properties: Object.fromEntries(SCHEMAS[c].fields.map((f) => [f.name, fieldSchema(f)])),
      },
    ]),
  );

  return {
    openapi: "3.1.0",
    info: {
      title: "Credit consent ledger",
      version: "1.0.0",
      description:
        "Consent-checked, receipted and anchored access to SME public credit data. Every call " +
        "but health and this document is signed (see the signedRequest scheme and the README).",
    },
    servers: [{ url: "/" }],
    "x-eip712": {
      version: EIP712_TYPES_VERSION,
      domains: {
        Consent: ledgerDomain(chainId, addresses.ConsentRegistry),
        Revocation: ledgerDomain(chainId, addresses.ConsentRegistry),
        Outcome: ledgerDomain(chainId, addresses.OutcomeRegistry),
        Repayment: ledgerDomain(chainId, addresses.OutcomeRegistry),
      },
      types: { ...CONSENT_TYPES, ...REVOCATION_TYPES, ...OUTCOME_TYPES, ...REPAYMENT_TYPES },
    },
    "x-problem-codes": Object.fromEntries(
      Object.entries(ERROR_CODES).map(([status, codes]) => [
        status,
        codes.map((code) => ({ code, type: problemType(code) })),
      ]),
    ),
    paths: {
      "/v1/health": {
        get: operation("Chain id, block number, ledger and contract addresses", null, {
          200: json(ref("Health")),
          503: json(ref("Health")),
        }),
      },
      "/v1/openapi.json": {
        get: operation("This document", null, { 200: json({ type: "object" }) }),
      },
      "/v1/participants": {
        post: operation(
          "Register an account with a role",
          ["OPERATOR"],
          {
            200: json(ref("Participant")),
            201: json(ref("Participant")),
            202: json({ type: "object", properties: { transaction: { type: "object" } } }),
          },
          json({
            type: "object",
            required: ["address", "role"],
            properties: {
              address,
              role: { enum: ["BANK", "ENTERPRISE", "REGULATOR", "DATA_PROVIDER"] },
              uscc: { type: "string" },
              name: { type: "string" },
              categories: categoryList,
            },
          }),
        ),
      },
      "/v1/records:import": {
        post: operation(
          "Import provider records (CSV in the provider layout, or JSON)",
          ["DATA_PROVIDER"],
          { 200: json(ref("ImportReport")) },
          {
            content: {
              "text/csv": {
                schema: { type: "string", description: "UTF-8 (BOM optional) or GB18030" },
              },
              "application/json": {
                schema: {
                  type: "object",
                  required: ["category", "records"],
                  properties: { category: ref("Category"), records: { type: "array" } },
                },
              },
            },
          },
          [
            { name: "category", in: "query", schema: ref("Category") },
            { name: "format", in: "query", schema: { enum: ["csv", "json"] } },
          ],
        ),
      },
      "/v1/enterprises/{uscc}/records": {
        get: operation(
          "The records held about an enterprise",
          ["ENTERPRISE", "REGULATOR"],
          {
            200: json({ type: "object" }),
          },
          undefined,
          [
            pathParam("uscc", { type: "string" }),
            { name: "category", in: "query", schema: ref("Category") },
          ],
        ),
      },
      "/v1/enterprises/{uscc}/access-log": {
        get: operation(
          "Every query on the enterprise's data",
          ["ENTERPRISE", "REGULATOR"],
          {
            200: json(ref("AccessLog")),
          },
          undefined,
          [pathParam("uscc", { type: "string" }), ...pageParams],
        ),
      },
      "/v1/enterprises/{uscc}/salt": {
        get: operation(
          "The salt behind the enterprise's commitment",
          ["ENTERPRISE", "REGULATOR"],
          {
            200: json({
              type: "object",
              properties: { uscc: { type: "string" }, salt: hex32, commitment: hex32 },
            }),
          },
          undefined,
          [pathParam("uscc", { type: "string" })],
        ),
      },
      "/v1/consents/drafts": {
        post: operation(
          "Typed data of a consent for the enterprise to sign",
          ["ENTERPRISE"],
          { 200: json(ref("ConsentDraft")) },
          json({
            type: "object",
            required: ["uscc", "bank", "categories", "purposes", "validUntil"],
            properties: {
              uscc: { type: "string" },
              bank: address,
              categories: categoryList,
              purposes: purposeList,
              validFrom: time,
              validUntil: time,
              requestId: { type: "string" },
            },
          }),
        ),
      },
      "/v1/consents": {
        get: operation(
          "Consents of the caller: an enterprise's (any bank), a bank's own, all for a " +
            "regulator, offline letters for an operator",
          ["ENTERPRISE", "BANK", "REGULATOR", "OPERATOR"],
          {
            200: json({
              type: "object",
              properties: {
                consents: { type: "array", items: ref("Consent") },
                next: { type: "string" },
              },
            }),
          },
          undefined,
          [
            {
              name: "status",
              in: "query",
              schema: { enum: ["ACTIVE", "REVOKED", "EXPIRED", "PENDING", "REJECTED"] },
            },
            { name: "mode", in: "query", schema: { enum: ["ONLINE", "OFFLINE"] } },
            { name: "bank", in: "query", schema: address },
            { name: "uscc", in: "query", schema: { type: "string" } },
            { name: "from", in: "query", schema: time },
            { name: "to", in: "query", schema: time },
            ...pageParams,
          ],
        ),
        post: operation(
          "Relay a signed consent",
          ["ENTERPRISE", "BANK"],
          { 200: json(ref("ConsentRelayed")), 201: json(ref("ConsentRelayed")) },
          json(ref("SignedMessage")),
        ),
      },
      "/v1/consents/{id}": {
        get: operation(
          "A consent as the chain has it",
          ["BANK", "ENTERPRISE", "REGULATOR"],
          {
            200: json(ref("Consent")),
          },
          undefined,
          [pathParam("id", hex32)],
        ),
      },
      "/v1/consents/{id}/revocation/drafts": {
        post: operation(
          "Typed data of a revocation",
          ["ENTERPRISE"],
          { 200: json({ type: "object" }) },
          json({ type: "object" }),
          [pathParam("id", hex32)],
        ),
      },
      "/v1/consents/{id}/revocation": {
        post: operation(
          "Relay a signed revocation; answers once mined",
          ["ENTERPRISE"],
          { 200: json(ref("ConsentRelayed")) },
          json(ref("SignedMessage")),
          [pathParam("id", hex32)],
        ),
      },
      "/v1/queries": {
        post: operation(
          "Query consented data; answers with the data and its receipt",
          ["BANK"],
          { 200: json(ref("QueryAnswer")) },
          json({
            type: "object",
            required: ["uscc", "categories", "purpose", "consentId"],
            properties: {
              uscc: { type: "string" },
              categories: categoryList,
              purpose: ref("Purpose"),
              consentId: hex32,
            },
          }),
        ),
      },
      "/v1/queries/{id}/proof": {
        get: operation(
          "Receipt, Merkle proof, root and anchoring transaction",
          ["BANK", "ENTERPRISE", "REGULATOR"],
          {
            200: json({ type: "object" }),
            202: json({ type: "object", properties: { status: { const: "PENDING" } } }),
          },
          undefined,
          [pathParam("id", hex32)],
        ),
      },
      "/v1/consent-requests": {
        post: operation(
          "Ask an enterprise for consent",
          ["BANK"],
          {
            201: json({
              type: "object",
              properties: { requestId: hex32, status: { const: "OPEN" } },
            }),
          },
          json({
            type: "object",
            required: ["uscc", "categories", "purposes", "validUntil"],
            properties: {
              uscc: { type: "string" },
              categories: categoryList,
              purposes: purposeList,
              validFrom: time,
              validUntil: time,
              note: { type: "string" },
            },
          }),
        ),
        get: operation(
          "Requests addressed to the calling enterprise or made by the calling bank",
          ["ENTERPRISE", "BANK"],
          {
            200: json({
              type: "object",
              properties: { requests: { type: "array" }, next: { type: "string" } },
            }),
          },
          undefined,
          [{ name: "status", in: "query", schema: { enum: ["OPEN", "ANSWERED"] } }, ...pageParams],
        ),
      },
      "/v1/consents/offline": {
        post: operation(
          "Submit a scanned consent letter; pending until an operator verifies it",
          ["BANK"],
          {
            200: json(ref("ConsentRelayed")),
            201: json({
              type: "object",
              properties: { consentId: hex32, status: { const: "PENDING" } },
            }),
          },
          json({
            type: "object",
            required: ["uscc", "categories", "purposes", "validUntil", "document"],
            properties: {
              uscc: { type: "string" },
              categories: categoryList,
              purposes: purposeList,
              validFrom: time,
              validUntil: time,
              document: { type: "string", contentEncoding: "base64" },
            },
          }),
        ),
      },
      "/v1/consents/{id}/verification": {
        post: operation(
          "Approve (on-chain with the letter's hash) or reject (off-chain, with a reason) a letter",
          ["OPERATOR"],
          {
            200: json({
              type: "object",
              properties: { consentId: hex32, status: { enum: ["ACTIVE", "REJECTED"] } },
            }),
          },
          json({
            type: "object",
            required: ["approved"],
            properties: { approved: { type: "boolean" }, reason: { type: "string" } },
          }),
          [pathParam("id", hex32)],
        ),
      },
      "/v1/consents/{id}/document": {
        get: operation(
          "The offline letter's bytes",
          ["BANK", "ENTERPRISE", "REGULATOR", "OPERATOR"],
          {
            200: {
              content: {
                "application/octet-stream": { schema: { type: "string", format: "binary" } },
              },
            },
          },
          undefined,
          [pathParam("id", hex32)],
        ),
      },
      "/v1/outcomes/drafts": {
        post: operation(
          "Typed data of a loan outcome for a query served to the calling bank, with its terms",
          ["BANK"],
          {
            200: json({
              type: "object",
              properties: {
                domain: { type: "object" },
                types: { type: "object" },
                primaryType: { const: "Outcome" },
                message: { type: "object" },
                terms: ref("Terms"),
              },
            }),
          },
          json({
            type: "object",
            required: [
              "queryId",
              "decision",
              "amountFen",
              "termMonths",
              "annualRateBps",
              "decidedAt",
            ],
            properties: {
              queryId: hex32,
              decision: { enum: ["APPROVED", "DECLINED", "WITHDRAWN"] },
              amountFen: { type: "string", pattern: "^\\d+$" },
              termMonths: { type: "integer", minimum: 0, maximum: 65535 },
              annualRateBps: { type: "integer", minimum: 0 },
              decidedAt: time,
            },
          }),
        ),
      },
      "/v1/outcomes": {
        post: operation(
          "Relay a signed outcome; 409 QUERY_NOT_ANCHORED (with Retry-After) before its query's batch is anchored",
          ["BANK"],
          {
            200: json({ type: "object" }),
            201: json({ type: "object", properties: { outcomeId: hex32, txHash: hex32 } }),
          },
          json({
            type: "object",
            required: ["message", "signature", "terms"],
            properties: {
              message: { type: "object" },
              signature: { type: "string" },
              terms: ref("Terms"),
            },
          }),
        ),
        get: operation(
          "Outcomes of the calling bank, on the calling enterprise's data, or all for a regulator",
          ["BANK", "ENTERPRISE", "REGULATOR"],
          {
            200: json({
              type: "object",
              properties: {
                outcomes: { type: "array", items: ref("Outcome") },
                next: { type: "string" },
              },
            }),
          },
          undefined,
          [
            { name: "bank", in: "query", schema: address },
            {
              name: "decision",
              in: "query",
              schema: { enum: ["APPROVED", "DECLINED", "WITHDRAWN"] },
            },
            ...pageParams,
          ],
        ),
      },
      "/v1/outcomes/{id}": {
        get: operation(
          "An outcome with its terms and repayment history",
          ["BANK", "ENTERPRISE", "REGULATOR"],
          {
            200: json(ref("Outcome")),
          },
          undefined,
          [pathParam("id", hex32)],
        ),
      },
      "/v1/outcomes/{id}/repayment/drafts": {
        post: operation(
          "Typed data of a repayment update",
          ["BANK"],
          { 200: json({ type: "object" }) },
          json({
            type: "object",
            required: ["status", "asOf"],
            properties: {
              status: { enum: ["PERFORMING", "OVERDUE", "DEFAULTED", "REPAID"] },
              asOf: time,
            },
          }),
          [pathParam("id", hex32)],
        ),
      },
      "/v1/outcomes/{id}/repayment": {
        post: operation(
          "Relay a signed repayment update (each asOf later than the last)",
          ["BANK"],
          {
            200: json({
              type: "object",
              properties: { outcomeId: hex32, status: { type: "string" } },
            }),
          },
          json(ref("SignedMessage")),
          [pathParam("id", hex32)],
        ),
      },
      ...Object.fromEntries(
        (["consents", "queries", "refusals", "outcomes"] as const).map((listing) => [
          `/v1/audit/${listing}`,
          {
            get: operation(
              `Every ${listing.replace(/s$/, "")}, filterable by bank, enterprise and time`,
              ["REGULATOR"],
              {
                200: json({
                  type: "object",
                  properties: { [listing]: { type: "array" }, next: { type: "string" } },
                }),
              },
              undefined,
              [
                { name: "bank", in: "query", schema: address },
                { name: "uscc", in: "query", schema: { type: "string" } },
                { name: "from", in: "query", schema: time },
                { name: "to", in: "query", schema: time },
                ...(listing === "refusals"
                  ? [{ name: "code", in: "query", schema: { type: "string" } }]
                  : []),
                ...pageParams,
              ],
            ),
          },
        ]),
      ),
      "/v1/audit/integrity": {
        get: operation("Integrity of the off-chain log against the chain", ["REGULATOR"], {
          200: json(ref("Integrity")),
        }),
      },
    },
    components: {
      securitySchemes: {
        signedRequest: {
          type: "apiKey",
          in: "header",
          name: "X-Signature",
          description:
            "EIP-191 signature over CREDIT-LEDGER-REQUEST-V1, chain id, ledger address, method, " +
            "target, X-Timestamp, X-Nonce and the body's SHA-256, joined by \\n; with X-Signer, " +
            "X-Timestamp (Unix ms) and X-Nonce (16-64 random bytes, lower-case hex).",
        },
      },
      responses: {
        Problem: {
          description: "RFC 9457 problem details with a stable `code`",
          content: { "application/problem+json": { schema: ref("Problem") } },
        },
      },
      schemas: {
        Category: { enum: CATEGORIES },
        Purpose: { enum: PURPOSES },
        Problem: {
          type: "object",
          required: ["type", "title", "status", "detail", "code"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            code: { enum: Object.values(ERROR_CODES).flat() },
            instance: { type: "string" },
          },
        },
        Health: {
          type: "object",
          properties: {
            chainId: { type: "integer" },
            blockNumber: { type: ["integer", "null"] },
            ledger: address,
            contracts: { type: "object", additionalProperties: address },
            rpcUrl: { type: "string" },
            chainReachable: { type: "boolean" },
            ready: {
              type: "boolean",
              description: "false while npm start still sets up dev roles and sample data",
            },
            anchorer: address,
            receipts: { type: "integer" },
            anchoredSeq: { type: "integer" },
          },
        },
        Terms: {
          type: "object",
          description:
            "termsHash = keccak256(abi.encode(uint256 amountFen, uint16 termMonths, " +
            "uint32 annualRateBps, uint64 decidedAt, bytes32 salt))",
          properties: {
            amountFen: { type: "string", pattern: "^\\d+$" },
            termMonths: { type: "integer" },
            annualRateBps: { type: "integer" },
            decidedAt: { type: "integer", description: "Unix seconds" },
            salt: hex32,
          },
        },
        Outcome: {
          type: "object",
          properties: {
            outcomeId: hex32,
            queryId: hex32,
            consentId: hex32,
            bank: address,
            enterprise: hex32,
            decision: { enum: ["APPROVED", "DECLINED", "WITHDRAWN"] },
            terms: { type: "object" },
            termsHash: hex32,
            txHash: hex32,
            recordedAt: time,
            repaymentStatus: { enum: ["NONE", "PERFORMING", "OVERDUE", "DEFAULTED", "REPAID"] },
            repayments: { type: "array" },
          },
        },
        Participant: {
          type: "object",
          properties: { address, role: { type: "string" }, uscc: { type: "string" } },
        },
        ImportReport: {
          type: "object",
          properties: {
            batchId: hex32,
            accepted: { type: "integer" },
            corrected: { type: "integer" },
            duplicates: { type: "integer" },
            rejected: {
              type: "array",
              items: {
                type: "object",
                properties: { row: { type: "integer" }, reason: { type: "string" } },
              },
            },
            anchored: { type: "boolean" },
            txHash: { type: ["string", "null"] },
          },
        },
        SignedMessage: {
          type: "object",
          required: ["message", "signature"],
          properties: {
            message: { type: "object" },
            signature: { type: "string", pattern: "^0x[0-9a-fA-F]{130}$" },
          },
        },
        ConsentDraft: {
          type: "object",
          properties: {
            domain: { type: "object" },
            types: { type: "object" },
            primaryType: { const: "Consent" },
            message: { type: "object" },
            text: { type: "string" },
          },
        },
        ConsentRelayed: {
          type: "object",
          properties: {
            consentId: hex32,
            status: { type: "string" },
            txHash: { type: ["string", "null"] },
          },
        },
        Consent: {
          type: "object",
          properties: {
            consentId: hex32,
            status: { enum: ["ACTIVE", "REVOKED", "EXPIRED", "PENDING", "REJECTED"] },
            inForce: { type: "boolean" },
            bank: address,
            enterprise: hex32,
            categories: categoryList,
            purposes: purposeList,
            validFrom: time,
            validUntil: time,
            mode: { enum: ["ONLINE", "OFFLINE"] },
          },
        },
        QueryAnswer: {
          type: "object",
          properties: {
            queryId: hex32,
            data: {
              type: "object",
              properties: Object.fromEntries(
                CATEGORIES.map((c) => [c, { type: "array", items: ref(`${c}Record`) }]),
              ),
            },
            receipt: ref("Receipt"),
          },
        },
        Receipt: {
          type: "object",
          description: "The leaf's values in order; uint64 fields as decimal strings",
          properties: {
            leafVersion: { const: 1 },
            seq: { type: "string" },
            prevLeaf: hex32,
            consentId: hex32,
            bank: address,
            enterprise: hex32,
            categories: { type: "integer" },
            purpose: { type: "integer" },
            requestHash: hex32,
            responseHash: hex32,
            checkedBlock: { type: "string" },
            servedAt: { type: "string" },
            bankSignature: { type: "string" },
          },
        },
        AccessLog: {
          type: "object",
          properties: {
            entries: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  queryId: hex32,
                  bank: address,
                  consentId: hex32,
                  categories: categoryList,
                  purpose: ref("Purpose"),
                  servedAt: time,
                  anchored: { type: "boolean" },
                },
              },
            },
            next: { type: "string" },
          },
        },
        Integrity: {
          type: "object",
          properties: {
            ok: { type: "boolean" },
            receipts: { type: "integer" },
            pending: { type: "integer" },
            batches: { type: "integer" },
            gaps: { type: "array" },
            mismatches: { type: "array" },
          },
        },
        ...recordSchemas,
      },
    },
  };
}
