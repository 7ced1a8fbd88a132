/**
 * Writes the Tongchuan reference district bundle into this folder.
 *
 *   pnpm --filter @lianxin/example-tongchuan generate
 *
 * Nothing is written unless every file passes its schema and the cross-reference checks.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateTongchuan } from "./generator/index.js";

export { generateTongchuan } from "./generator/index.js";

const here = dirname(fileURLToPath(import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const bundle = generateTongchuan();
  for (const [name, text] of Object.entries(bundle.files)) writeFileSync(join(here, name), text);
  const d = bundle.data;
  const levels = new Map<string, number>();
  for (const u of d.hierarchy.units) levels.set(u.level, (levels.get(u.level) ?? 0) + 1);
  const kinds = new Map<string, number>();
  for (const r of d.resources.resources) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
  const summary = {
    units: Object.fromEntries(levels),
    demonstration: d.hierarchy.units.filter((u) => u.demonstration).length,
    domains: d.domains.domains.length,
    capabilities: d.services.capabilities.length,
    items: d.services.items.length,
    resources: Object.fromEntries(kinds),
    residents: d.residents.residents.length,
    addresses: d.addresses.addresses.length,
    ms: Math.round(performance.now() - started),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
