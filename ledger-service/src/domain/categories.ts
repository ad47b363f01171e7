/** Data categories and purposes: scope bits on-chain, upper-case names in JSON. */

export const CATEGORY_BITS = {
  BASIC: 1,
  JUDICIAL: 2,
  REGULATORY: 4,
  POSITIVE: 8,
  EVALUATION: 16,
  TAX: 32,
  SOCIAL_SECURITY: 64,
  UTILITIES: 128,
} as const;

export type Category = keyof typeof CATEGORY_BITS;
export const CATEGORIES = Object.keys(CATEGORY_BITS) as Category[];

export const PURPOSE_BITS = { PRE_LOAN: 1, IN_LOAN: 2, POST_LOAN: 4 } as const;
export type Purpose = keyof typeof PURPOSE_BITS;
export const PURPOSES = Object.keys(PURPOSE_BITS) as Purpose[];

export function isCategory(value: unknown): value is Category {
  return typeof value === "string" && Object.hasOwn(CATEGORY_BITS, value);
}

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === "string" && Object.hasOwn(PURPOSE_BITS, value);
}

export function categoriesToMask(categories: readonly Category[]): number {
  return categories.reduce((mask, c) => mask | CATEGORY_BITS[c], 0);
}

export function maskToCategories(mask: number): Category[] {
  return CATEGORIES.filter((c) => (mask & CATEGORY_BITS[c]) !== 0);
}

export function purposesToMask(purposes: readonly Purpose[]): number {
  return purposes.reduce((mask, p) => mask | PURPOSE_BITS[p], 0);
}

export function maskToPurposes(mask: number): Purpose[] {
  return PURPOSES.filter((p) => (mask & PURPOSE_BITS[p]) !== 0);
}
