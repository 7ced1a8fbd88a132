/** `grids.json`: the comprehensive grids, the twelve departmental grids merged onto each, and their staff. */
import type { Grid } from "@lianxin/core";
import { DOMAINS } from "./domains.js";
import type { Hierarchy } from "./hierarchy.js";
import type { ResourcesOut } from "./resources.js";
import { neighbours } from "./resources.js";
import { rng } from "./rng.js";

/** One grids.json entry per grid unit. */
export function buildGrids(h: Hierarchy, res: ResourcesOut): Grid[] {
  const r = rng("grids");
  return h.grids.map((g, index) => {
    const seq = String(index + 1).padStart(4, "0");
    return {
      code: g.code,
      kind: "comprehensive",
      // Each department numbers its own grids; after the merger they map one-to-one.
      merged: DOMAINS.map((d) => ({ domain: d.code, code: `${d.abbr}-${seq}` })),
      staff: res.staff.get(g.code)!,
      households: r.int(150, 400),
      neighbours: neighbours(g),
    };
  });
}
