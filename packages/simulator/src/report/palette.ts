/**
 * Colours for categories: the Okabe–Ito palette (safe for the common colour-vision deficiencies)
 * without black, then Paul Tol's "muted" colours; colours repeat after that.
 */
export const CATEGORY_COLOURS: readonly string[] = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#F0E442",
  "#332288",
  "#117733",
  "#882255",
  "#999933",
  "#44AA99",
];

/** An ordered, single-hue sequence (ColorBrewer YlOrBr) for escalation levels 1–4, light to dark. */
export const LEVEL_COLOURS: readonly string[] = ["#FEC44F", "#FB9A29", "#CC4C02", "#662506"];

/** The colour of the `i`-th category. */
export function categoryColour(i: number): string {
  return CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]!;
}

/** The main colour for single-series charts, its emphasis colour, and the colour of missing data. */
export const MAIN_COLOUR = "#0072B2";
export const ACCENT_COLOUR = "#D55E00";
export const MUTED_COLOUR = "#767676";

/** The colour of the categories folded together as "other". */
export const OTHER_COLOUR = "#BBBBBB";
