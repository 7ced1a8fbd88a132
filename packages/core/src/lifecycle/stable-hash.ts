/**
 * A stable 32-bit hash of a string (FNV-1a over UTF-16 code units, then MurmurHash3's finaliser so
 * that close inputs land far apart and small moduli such as 7 spread well). Changing it would
 * reshuffle every resident's visit day, and every simulation seeded through it.
 */
export function stableHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
