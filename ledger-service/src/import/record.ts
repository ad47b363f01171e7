/**
 * An imported record: its field values in schema order plus what the ledger
 * derives from them, the natural key (which record a re-import replaces) and
 * the content hash (whether a re-import changes anything).
 */
import * as crypto from "node:crypto";

import type { Category } from "../domain/categories";
import type { CategorySchema, FieldValues } from "./schemas";

export interface ImportedRecord {
  category: Category;
  /** The subject enterprise's code, normalised. */
  uscc: string;
  /** `CATEGORY|value|value...` over the schema's natural-key fields. */
  naturalKey: string;
  /** English names in schema order; null where a field has no value. */
  fields: Record<string, string | null>;
  /** `YYYY-MM-DD` when the category has a publicity end and the record gives one. */
  publicityEndDate: string | null;
  /** Lower-case hex SHA-256 of the RFC 8785 canonical JSON of `{category, fields}`. */
  contentHash: string;
}

/**
 * Assembles a record from values already converted and checked against the
 * schema: `values` holds one value per schema field, in schema order, and
 * every required field (so every natural-key field) is non-null.
 */
export function assembleRecord(
  schema: CategorySchema,
  values: readonly (string | null)[],
): ImportedRecord {
  const plan = planOf(schema);

  const fields: Record<string, string | null> = {};
  for (let i = 0; i < plan.names.length; i++) fields[plan.names[i]] = values[i];

  // Reading by index: keyed loads with a different key each time were the hot spot.
  const parts = new Array<string>(plan.sorted.length * 2 + 2);
  parts[0] = plan.opening;
  for (let i = 0; i < plan.sorted.length; i++) {
    parts[2 * i + 1] = plan.prefixes[i];
    parts[2 * i + 2] = jsonString(values[plan.sorted[i]]);
  }
  parts[parts.length - 1] = "}}";

  let naturalKey: string = schema.category;
  for (const index of plan.key) naturalKey += "|" + escapeKeyPart(values[index] ?? "");

  return {
    category: schema.category,
    uscc: values[plan.uscc] ?? "",
    naturalKey,
    fields,
    publicityEndDate: plan.publicityEnd < 0 ? null : values[plan.publicityEnd],
    contentHash: sha256Hex(parts.join("")),
  };
}

/** What assembling a record of a schema needs, computed once per schema. */
interface AssemblyPlan {
  names: readonly string[];
  /** `{"category":"X","fields":{` */
  opening: string;
  /** Schema indices in canonical (sorted-name) order. */
  sorted: readonly number[];
  /** `"name":` for each sorted member, with the separating comma from the second on. */
  prefixes: readonly string[];
  key: readonly number[];
  uscc: number;
  publicityEnd: number;
}

const PLANS = new WeakMap<CategorySchema, AssemblyPlan>();

function planOf(schema: CategorySchema): AssemblyPlan {
  let plan = PLANS.get(schema);
  if (plan !== undefined) return plan;

  const names = schema.fields.map((field) => field.name);
  const sorted = names.map((_, i) => i).sort((a, b) => compareCodeUnits(names[a], names[b]));
  plan = {
    names,
    opening: `{"category":${JSON.stringify(schema.category)},"fields":{`,
    sorted,
    prefixes: sorted.map((index, i) => `${i === 0 ? "" : ","}${JSON.stringify(names[index])}:`),
    key: schema.naturalKey.map((name) => names.indexOf(name)),
    uscc: names.indexOf("uscc"),
    publicityEnd: schema.publicityEndField === null ? -1 : names.indexOf(schema.publicityEndField),
  };
  PLANS.set(schema, plan);
  return plan;
}

function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * The category and the key fields' values joined by `|`; a `%` or `|` inside
 * a value is percent-escaped so that different values never join alike.
 */
export function naturalKeyOf(schema: CategorySchema, fields: FieldValues): string {
  let key: string = schema.category;
  for (const name of schema.naturalKey) key += "|" + escapeKeyPart(fields[name] ?? "");
  return key;
}

export function contentHashOf(category: Category, fields: FieldValues): string {
  return sha256Hex(canonicalJson(category, fields));
}

/**
 * RFC 8785 (JCS) for this one shape, written out because a generic
 * canonicaliser was the largest cost of a bulk import: members sorted by
 * UTF-16 code units (what `Array.prototype.sort` compares), strings escaped
 * as `JSON.stringify` escapes them, no white space. Values are strings or
 * null, so the number rules of JCS never apply.
 */
export function canonicalJson(category: Category, fields: FieldValues): string {
  return joinCanonical(category, fields, layoutOf(Object.keys(fields)));
}

interface MemberLayout {
  names: readonly string[];
  /** `"name":`, with the separating comma from the second member on. */
  prefixes: readonly string[];
}

function layoutOf(names: readonly string[]): MemberLayout {
  const sorted = [...names].sort();
  const prefixes = sorted.map((name, i) => `${i === 0 ? "" : ","}${JSON.stringify(name)}:`);
  return { names: sorted, prefixes };
}

function joinCanonical(category: Category, fields: FieldValues, layout: MemberLayout): string {
  const { names, prefixes } = layout;
  const parts = new Array<string>(names.length * 2 + 2);
  parts[0] = `{"category":${JSON.stringify(category)},"fields":{`;
  for (let i = 0; i < names.length; i++) {
    parts[2 * i + 1] = prefixes[i];
    parts[2 * i + 2] = jsonString(fields[names[i]] ?? null);
  }
  parts[parts.length - 1] = "}}";
  // One join builds the flat string at once; `+=` would chain cons strings to flatten later.
  return parts.join("");
}

function jsonString(value: string | null): string {
  if (value === null) return "null";
  return needsEscape(value) ? JSON.stringify(value) : `"${value}"`;
}

/** Whether `JSON.stringify` would escape anything: a quote, backslash, control or surrogate. */
function needsEscape(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) {
      return true;
    }
  }
  return false;
}

// crypto.hash (Node >= 20.12) hashes a string without a Hash object, several
// times faster for short inputs; the engines range starts at 20.11.
const oneShotHash = (
  crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }
).hash;

function sha256Hex(text: string): string {
  if (oneShotHash !== undefined) return oneShotHash("sha256", text, "hex");
  return crypto.createHash("sha256").update(text, "utf8").digest("hex");
}

function escapeKeyPart(value: string): string {
  if (!value.includes("%") && !value.includes("|")) return value;
  return value.replaceAll("%", "%25").replaceAll("|", "%7C");
}
