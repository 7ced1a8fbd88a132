const ITEM_CODE = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+){0,4}$/;

/**
 * The service item code a GeoReport `service_code` becomes: kept as it is when it is already a
 * valid item code (`DB-WJ-001`); otherwise upper-cased, with runs of other characters turned into
 * `-` and, when it does not start with a letter, `prefix` in front (`001` → `OPEN311-001`,
 * `sanitation_bins` → `SANITATION-BINS`). Undefined when nothing valid can be made of it.
 */
export function itemCodeFor(serviceCode: string, prefix = "OPEN311"): string | undefined {
  if (ITEM_CODE.test(serviceCode)) return serviceCode;
  const words = serviceCode
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w !== "");
  if (words.length === 0) return undefined;
  if (!/^[A-Z]/.test(words[0]!)) words.unshift(prefix);
  const code = words.length > 5 ? [...words.slice(0, 4), words.slice(4).join("")].join("-") : words.join("-");
  return ITEM_CODE.test(code) ? code : undefined;
}

/** A lowercase slug for a GeoReport group or attribute code (`Street Lights` → `street-lights`); undefined for non-Latin text. */
export function slugFor(text: string): string | undefined {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/[-.]+$/, "")
    .replace(/([-.])[-.]+/g, "$1");
  return /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/.test(slug) ? slug : undefined;
}
