/** Code point ranges shown two columns wide in a terminal (East Asian Wide and Fullwidth). */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

/**
 * The number of terminal columns a string takes: CJK and fullwidth characters count 2, combining
 * marks and zero-width characters 0, everything else 1 (East Asian Ambiguous characters such as
 * `—` count 1, as in most terminals outside CJK locales).
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if ((cp >= 0x300 && cp <= 0x36f) || cp === 0x200b || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f))
      continue;
    width += WIDE.some(([lo, hi]) => cp >= lo && cp <= hi) ? 2 : 1;
  }
  return width;
}

/** Pads `text` with spaces to `width` columns, on the right (`"left"` alignment) or on the left. */
export function padText(text: string, width: number, align: "left" | "right"): string {
  const fill = " ".repeat(Math.max(0, width - textWidth(text)));
  return align === "left" ? text + fill : fill + text;
}
