import Flatbush from "flatbush";
import type { Boundary, Position } from "../model/geo-json.js";
import { boundaryBBox } from "./bbox.js";
import {
  GEO_EPSILON,
  type PackedBoundaries,
  packBoundaries,
  pointInPackedBoundary,
} from "./point-in-boundary.js";

/** An item to index and the boundary it covers. */
export interface SpatialEntry<T> {
  item: T;
  boundary: Boundary;
}

/**
 * The bucket grid may have up to this many cells, and item references in them, per item (4 bytes
 * each), or this many in all for small indexes; coarser cells keep a grid within these budgets.
 */
const GRID_BUDGET_PER_ITEM = 32;
const GRID_BUDGET_MIN = 4096;
/** The most cells, and item references, a bucket grid may have, however many items it holds. */
const GRID_BUDGET_MAX = 1 << 22;

/**
 * A static index of items by their boundaries, built once.
 *
 * Point queries go through a uniform grid of buckets over the items' bounding boxes, each
 * bucket listing the items whose box (widened by the tolerance of `pointInBoundary`) reaches it;
 * a query tests the boxes in its point's bucket, then each candidate's exact shape. The buckets
 * are about the size of a typical item, so a query tests only a few candidates. {@link nearest}
 * uses a packed Hilbert R-tree (flatbush), built on its first call.
 *
 * Boundaries are expected to have finite coordinates, as `BoundarySchema` ensures; points with
 * a non-finite coordinate are in no boundary.
 */
export class SpatialIndex<T> {
  /** How many items the index holds. */
  readonly size: number;
  readonly #items: T[];
  /** `[minX, minY, maxX, maxY]` of each item, four numbers an item. */
  readonly #boxes: Float64Array;
  readonly #shapes: PackedBoundaries;
  /**
   * The bucket grid: `[x, y]` falls in cell `cy × columns + cx`, where
   * `cx = floor((x - originX) × scaleX)` and `cy = floor((y - originY) × scaleY)`.
   */
  readonly #originX: number;
  readonly #originY: number;
  /** Cells per degree. */
  readonly #scaleX: number;
  readonly #scaleY: number;
  readonly #columns: number;
  readonly #rows: number;
  /** The items of cell `c` are `#cellItems[#cellStart[c] … #cellStart[c + 1] - 1]`, in input order. */
  readonly #cellStart: Uint32Array;
  readonly #cellItems: Uint32Array;
  /** Scratch for the current query's hits, so that `search` allocates only its result. */
  readonly #hits: Uint32Array;
  /** The R-tree for `nearest`, built when first needed. */
  #tree: Flatbush | undefined;

  /** Indexes `entries`; an empty list gives an index that finds nothing. */
  constructor(entries: readonly SpatialEntry<T>[]) {
    const n = entries.length;
    this.size = n;
    this.#items = entries.map((e) => e.item);
    const boundaries = entries.map((e) => e.boundary);
    this.#shapes = packBoundaries(boundaries);
    const boxes = new Float64Array(4 * n);
    for (let i = 0; i < n; i++) boxes.set(boundaryBBox(boundaries[i]!), 4 * i);
    this.#boxes = boxes;
    this.#hits = new Uint32Array(n);

    // Only boxes with finite corners go in the grid: an empty boundary's box is inverted and
    // infinite, and no point lies in it.
    const placed: number[] = [];
    let magnitude = 1;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const b = 4 * i;
      const x0 = boxes[b]!;
      const y0 = boxes[b + 1]!;
      const x1 = boxes[b + 2]!;
      const y1 = boxes[b + 3]!;
      if (!(Number.isFinite(x0) && Number.isFinite(y0) && Number.isFinite(x1) && Number.isFinite(y1)))
        continue;
      placed.push(i);
      magnitude = Math.max(magnitude, Math.abs(x0), Math.abs(y0), Math.abs(x1), Math.abs(y1));
      minX = Math.min(minX, x0);
      minY = Math.min(minY, y0);
      maxX = Math.max(maxX, x1);
      maxY = Math.max(maxY, y1);
    }
    if (placed.length === 0) {
      this.#originX = 0;
      this.#originY = 0;
      this.#scaleX = 0;
      this.#scaleY = 0;
      this.#columns = 0;
      this.#rows = 0;
      this.#cellStart = new Uint32Array(1);
      this.#cellItems = new Uint32Array(0);
      return;
    }

    // A query's box is the point widened by GEO_EPSILON × max(1, |x|, |y|), as pointInBoundary
    // allows; any point whose widened box reaches an item's box is within this margin of it.
    // Items go in every cell their box, widened by the margin, reaches; as the cell of a
    // coordinate is a monotone function of it, a point's cell holds every item it may be in.
    const margin = 4 * GEO_EPSILON * magnitude;
    let originX = minX - margin;
    let originY = minY - margin;
    const width = maxX + margin - originX;
    const height = maxY + margin - originY;
    let scaleX = 0;
    let scaleY = 0;
    let columns = 1;
    let rows = 1;
    let entryCount = placed.length;
    // The margin makes the extent positive; only coordinates near ±1e308 make it infinite, and then
    // a single cell (origin 0, scales 0) holds every item and every finite point.
    if (!(width < Infinity && height < Infinity)) {
      originX = 0;
      originY = 0;
    } else {
      // Cells about the size of the median item, then coarser until the grid fits its budget,
      // which it does at the latest with cells the size of the extent (at most four of them).
      let cellWidth = median(placed.map((i) => boxes[4 * i + 2]! - boxes[4 * i]!));
      let cellHeight = median(placed.map((i) => boxes[4 * i + 3]! - boxes[4 * i + 1]!));
      const side = Math.ceil(Math.sqrt(placed.length));
      if (!(cellWidth > 0)) cellWidth = width / side;
      if (!(cellHeight > 0)) cellHeight = height / side;
      const budget = Math.min(
        GRID_BUDGET_MAX,
        Math.max(GRID_BUDGET_MIN, GRID_BUDGET_PER_ITEM * placed.length),
      );
      for (; ; cellWidth *= 2, cellHeight *= 2) {
        scaleX = 1 / cellWidth;
        scaleY = 1 / cellHeight;
        columns = Math.floor(width * scaleX) + 1;
        rows = Math.floor(height * scaleY) + 1;
        if (!(columns * rows <= budget)) continue;
        entryCount = 0;
        for (const i of placed) {
          const b = 4 * i;
          const cx0 = Math.floor((boxes[b]! - margin - originX) * scaleX);
          const cy0 = Math.floor((boxes[b + 1]! - margin - originY) * scaleY);
          const cx1 = Math.floor((boxes[b + 2]! + margin - originX) * scaleX);
          const cy1 = Math.floor((boxes[b + 3]! + margin - originY) * scaleY);
          entryCount += (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
        }
        if (entryCount <= budget) break;
      }
    }

    const cellStart = new Uint32Array(columns * rows + 1);
    const cellItems = new Uint32Array(entryCount);
    // Count each cell's items into the slot after it, sum into starts, then fill in input order.
    for (let pass = 0; pass < 2; pass++) {
      for (const i of placed) {
        const b = 4 * i;
        // Clamped, though monotony keeps them in the grid already.
        const cx0 = clampCell(Math.floor((boxes[b]! - margin - originX) * scaleX), columns - 1);
        const cy0 = clampCell(Math.floor((boxes[b + 1]! - margin - originY) * scaleY), rows - 1);
        const cx1 = clampCell(Math.floor((boxes[b + 2]! + margin - originX) * scaleX), columns - 1);
        const cy1 = clampCell(Math.floor((boxes[b + 3]! + margin - originY) * scaleY), rows - 1);
        for (let cy = cy0; cy <= cy1; cy++) {
          for (let cx = cx0; cx <= cx1; cx++) {
            const cell = cy * columns + cx;
            if (pass === 0) cellStart[cell + 1]!++;
            else cellItems[cellStart[cell]!++] = i;
          }
        }
      }
      if (pass === 0) {
        for (let c = 1; c < cellStart.length; c++) cellStart[c]! += cellStart[c - 1]!;
      } else {
        // Filling moved each start to the next cell's: shift them back.
        cellStart.copyWithin(1, 0, cellStart.length - 1);
        cellStart[0] = 0;
      }
    }
    this.#originX = originX;
    this.#originY = originY;
    this.#scaleX = scaleX;
    this.#scaleY = scaleY;
    this.#columns = columns;
    this.#rows = rows;
    this.#cellStart = cellStart;
    this.#cellItems = cellItems;
  }

  /**
   * The items whose boundary contains `p`, interior or border, in the order they were given.
   * Several items come back when `p` is on a border they share or where they overlap.
   */
  search(p: Position): T[] {
    const count = this.#collect(p);
    const hits = this.#hits;
    const items = this.#items;
    const result = new Array<T>(count);
    for (let k = 0; k < count; k++) result[k] = items[hits[k]!]!;
    return result;
  }

  /**
   * {@link search} into `out`, which is emptied first and returned, so that repeated queries
   * can reuse one array.
   */
  searchInto(p: Position, out: T[]): T[] {
    const count = this.#collect(p);
    const hits = this.#hits;
    const items = this.#items;
    out.length = count;
    for (let k = 0; k < count; k++) out[k] = items[hits[k]!]!;
    return out;
  }

  /**
   * The first item, in the order they were given, whose boundary contains `p` (interior or
   * border): `search(p)[0]`, without building the list.
   */
  first(p: Position): T | undefined {
    const x = p[0];
    const y = p[1];
    const cell = this.#cellOf(x, y);
    if (cell < 0) return undefined;
    const eps = GEO_EPSILON * Math.max(1, Math.abs(x), Math.abs(y));
    const minX = x - eps;
    const minY = y - eps;
    const maxX = x + eps;
    const maxY = y + eps;
    const boxes = this.#boxes;
    const cellItems = this.#cellItems;
    const end = this.#cellStart[cell + 1]!;
    for (let k = this.#cellStart[cell]!; k < end; k++) {
      const i = cellItems[k]!;
      const b = 4 * i;
      if (maxX < boxes[b]! || maxY < boxes[b + 1]! || minX > boxes[b + 2]! || minY > boxes[b + 3]!) continue;
      if (pointInPackedBoundary(x, y, this.#shapes, i) !== "outside") return this.#items[i];
    }
    return undefined;
  }

  /**
   * Up to `maxResults` items nearest to `p` by the planar distance, in degrees, from `p` to their
   * bounding boxes, closest first; items whose box holds `p` come first, in no set order.
   * A coarse candidate list for "the nearest unit" fallbacks, not an exact distance ranking.
   */
  nearest(p: Position, maxResults = 1): T[] {
    if (this.size === 0 || maxResults <= 0) return [];
    let tree = this.#tree;
    if (tree === undefined) {
      tree = new Flatbush(this.size);
      const boxes = this.#boxes;
      for (let b = 0; b < boxes.length; b += 4)
        tree.add(boxes[b]!, boxes[b + 1]!, boxes[b + 2]!, boxes[b + 3]!);
      tree.finish();
      this.#tree = tree;
    }
    return tree.neighbors(p[0], p[1], maxResults).map((index) => this.#items[index]!);
  }

  /** Puts the indexes of the items holding `p` in `#hits`, in input order, and counts them. */
  #collect(p: Position): number {
    const x = p[0];
    const y = p[1];
    const cell = this.#cellOf(x, y);
    if (cell < 0) return 0;
    // Widened by the tolerance of pointInBoundary, so points just off a box's edge are still tested.
    const eps = GEO_EPSILON * Math.max(1, Math.abs(x), Math.abs(y));
    const minX = x - eps;
    const minY = y - eps;
    const maxX = x + eps;
    const maxY = y + eps;
    const boxes = this.#boxes;
    const cellItems = this.#cellItems;
    const hits = this.#hits;
    let count = 0;
    const end = this.#cellStart[cell + 1]!;
    for (let k = this.#cellStart[cell]!; k < end; k++) {
      const i = cellItems[k]!;
      const b = 4 * i;
      if (maxX < boxes[b]! || maxY < boxes[b + 1]! || minX > boxes[b + 2]! || minY > boxes[b + 3]!) continue;
      if (pointInPackedBoundary(x, y, this.#shapes, i) !== "outside") hits[count++] = i;
    }
    return count;
  }

  /** The bucket of `[x, y]`, or -1 outside the grid (where no item is) or for non-finite input. */
  #cellOf(x: number, y: number): number {
    const cx = Math.floor((x - this.#originX) * this.#scaleX);
    const cy = Math.floor((y - this.#originY) * this.#scaleY);
    if (!(cx >= 0 && cx < this.#columns && cy >= 0 && cy < this.#rows)) return -1;
    return cy * this.#columns + cx;
  }
}

/** `c` clamped to `0 … last`, NaN to 0. */
function clampCell(c: number, last: number): number {
  return c >= 0 ? Math.min(c, last) : 0;
}

/** The median of `values` (which it sorts), or NaN when there are none. */
function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
