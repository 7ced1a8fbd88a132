import Flatbush from "flatbush";
import type { Boundary, Position } from "../model/geo-json.js";
import { boundaryBBox } from "./bbox.js";
import { GEO_EPSILON, pointInBoundary } from "./point-in-boundary.js";

/** An item to index and the boundary it covers. */
export interface SpatialEntry<T> {
  item: T;
  boundary: Boundary;
}

/**
 * A static index of items by their boundaries (a packed Hilbert R-tree, via flatbush), built
 * once. Point queries test the bounding boxes in the tree, then each candidate's exact shape.
 */
export class SpatialIndex<T> {
  /** How many items the index holds. */
  readonly size: number;
  readonly #items: T[];
  readonly #boundaries: Boundary[];
  readonly #tree: Flatbush | null;
  /** Scratch for the current query, so that `search` allocates only its result. */
  readonly #hits: Uint32Array;
  #hitCount = 0;
  #query: Position = [0, 0];
  readonly #keepHit: (index: number) => boolean;

  /** Indexes `entries`; an empty list gives an index that finds nothing. */
  constructor(entries: readonly SpatialEntry<T>[]) {
    this.size = entries.length;
    this.#items = entries.map((e) => e.item);
    this.#boundaries = entries.map((e) => e.boundary);
    this.#hits = new Uint32Array(entries.length);
    this.#keepHit = (index) => {
      if (pointInBoundary(this.#query, this.#boundaries[index]!) !== "outside") {
        this.#hits[this.#hitCount++] = index;
      }
      return false;
    };
    if (entries.length === 0) {
      this.#tree = null;
      return;
    }
    const tree = new Flatbush(entries.length);
    for (const boundary of this.#boundaries) {
      const [minX, minY, maxX, maxY] = boundaryBBox(boundary);
      tree.add(minX, minY, maxX, maxY);
    }
    tree.finish();
    this.#tree = tree;
  }

  /**
   * The items whose boundary contains `p`, interior or border, in the order they were given.
   * Several items come back when `p` is on a border they share or where they overlap.
   */
  search(p: Position): T[] {
    if (this.#tree === null) return [];
    this.#query = p;
    this.#hitCount = 0;
    const x = p[0];
    const y = p[1];
    // Widened by the tolerance of pointInBoundary, so points just off a box's edge are still tested.
    const eps = GEO_EPSILON * Math.max(1, Math.abs(x), Math.abs(y));
    this.#tree.search(x - eps, y - eps, x + eps, y + eps, this.#keepHit);
    const n = this.#hitCount;
    const hits = this.#hits;
    // Insertion sort: there are rarely more than two hits.
    for (let i = 1; i < n; i++) {
      const hit = hits[i]!;
      let j = i - 1;
      while (j >= 0 && hits[j]! > hit) {
        hits[j + 1] = hits[j]!;
        j--;
      }
      hits[j + 1] = hit;
    }
    const result = new Array<T>(n);
    for (let i = 0; i < n; i++) result[i] = this.#items[hits[i]!]!;
    return result;
  }

  /**
   * Up to `maxResults` items nearest to `p` by the planar distance, in degrees, from `p` to their
   * bounding boxes, closest first; items whose box holds `p` come first, in no set order.
   * A coarse candidate list for "the nearest unit" fallbacks, not an exact distance ranking.
   */
  nearest(p: Position, maxResults = 1): T[] {
    if (this.#tree === null || maxResults <= 0) return [];
    return this.#tree.neighbors(p[0], p[1], maxResults).map((index) => this.#items[index]!);
  }
}
