import { type UnitLocation, UnitLocator } from "../geo/unit-locator.js";
import type { Hierarchy } from "../hierarchy/hierarchy.js";
import type { AdminLevel, AdminUnit } from "../model/admin-unit.js";
import type { Domain } from "../model/domain.js";
import type { Position } from "../model/geo-json.js";
import type { Grid } from "../model/grid.js";
import type { Policies } from "../model/policies.js";
import type { Resident } from "../model/resident.js";
import type { Resource, ResourceKind } from "../model/resource.js";
import type { Capability, ServiceItem } from "../model/service-item.js";
import type { Address, DistrictFiles, DistrictManifest } from "./bundle-files.js";
import { longestPrefix } from "./check-references.js";

/** Counts that describe a district, as `lianxin district validate` prints them. */
export interface DistrictSummary {
  id: string;
  name: DistrictManifest["name"];
  units: Record<AdminLevel, number>;
  demonstrationCommunities: string[];
  domains: number;
  capabilities: number;
  services: number;
  proxyServices: number;
  resources: number;
  resourcesByKind: Partial<Record<ResourceKind, number>>;
  residents: number;
  addresses: number;
  calendars: number;
  deadlinePolicies: number;
  escalationLadders: number;
  visitPlans: number;
}

/**
 * A loaded, checked district: the hierarchy, its grids, the three lists and the policies, with
 * the look-ups routing needs (point → grid, address → grid, departmental grid → grid).
 * Build one with {@link loadDistrict} or {@link districtFromFiles}.
 */
export class District {
  readonly manifest: DistrictManifest;
  readonly hierarchy: Hierarchy;
  readonly domains: ReadonlyMap<string, Domain>;
  readonly grids: ReadonlyMap<string, Grid>;
  readonly capabilities: ReadonlyMap<string, Capability>;
  readonly services: ReadonlyMap<string, ServiceItem>;
  readonly resources: ReadonlyMap<string, Resource>;
  readonly residents: ReadonlyMap<string, Resident>;
  readonly addresses: ReadonlyMap<string, Address>;
  readonly policies: Policies;
  readonly #locator: UnitLocator;
  readonly #departmental: Map<string, string>;
  readonly #addressGrid: Map<string, string>;

  /** Wraps files that have passed every check; prefer {@link loadDistrict}. */
  constructor(files: DistrictFiles, hierarchy: Hierarchy) {
    this.manifest = files.manifest;
    this.hierarchy = hierarchy;
    this.domains = byKey(files.domains.domains, (d) => d.code);
    this.grids = byKey(files.grids.grids, (g) => g.code);
    this.capabilities = byKey(files.services.capabilities, (c) => c.code);
    this.services = byKey(files.services.items, (s) => s.code);
    this.resources = byKey(files.resources.resources, (r) => r.id);
    this.residents = byKey(files.residents?.residents ?? [], (r) => r.id);
    this.addresses = byKey(files.addresses?.addresses ?? [], (a) => a.code);
    const { $schema: _, ...policies } = files.policies;
    this.policies = policies;
    this.#locator = new UnitLocator([...hierarchy.units()]);
    this.#departmental = new Map();
    for (const g of files.grids.grids)
      for (const m of g.merged) this.#departmental.set(`${m.domain}\u0000${m.code}`, g.code);
    this.#addressGrid = new Map([...this.addresses.values()].map((a) => [a.code, a.grid]));
  }

  /** The district's time zone. */
  get timeZone(): string {
    return this.manifest.timeZone;
  }

  /**
   * Finds the grid that contains a point, through a spatial index. A point in no grid falls
   * back to the deepest unit that contains it, and `reason` says so.
   */
  locate(point: Position): UnitLocation {
    return this.#locator.locate(point);
  }

  /** The grid of a standard address code; a room code falls under its building. */
  gridForAddress(code: string): AdminUnit | undefined {
    const grid = longestPrefix(this.#addressGrid, code);
    return grid === undefined ? undefined : this.hierarchy.unit(grid);
  }

  /** The comprehensive grid that absorbed a departmental grid (its domain and its own code). */
  gridForDepartmental(domain: string, code: string): AdminUnit | undefined {
    const grid = this.#departmental.get(`${domain}\u0000${code}`);
    return grid === undefined ? undefined : this.hierarchy.unit(grid);
  }

  /** Counts per level, the demonstration communities, and the sizes of the lists. */
  summary(): DistrictSummary {
    const byKind: Partial<Record<ResourceKind, number>> = {};
    for (const r of this.resources.values()) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    return {
      id: this.manifest.id,
      name: this.manifest.name,
      units: this.hierarchy.countByLevel(),
      demonstrationCommunities: this.hierarchy
        .atLevel("community")
        .filter((u) => u.demonstration === true)
        .map((u) => u.name.zh),
      domains: this.domains.size,
      capabilities: this.capabilities.size,
      services: this.services.size,
      proxyServices: [...this.services.values()].filter((s) => s.proxy).length,
      resources: this.resources.size,
      resourcesByKind: byKind,
      residents: this.residents.size,
      addresses: this.addresses.size,
      calendars: this.policies.calendars.length,
      deadlinePolicies: this.policies.deadlines.length,
      escalationLadders: this.policies.ladders.length,
      visitPlans: this.policies.visitPlans.length,
    };
  }
}

function byKey<T>(list: readonly T[], key: (t: T) => string): ReadonlyMap<string, T> {
  return new Map(list.map((t) => [key(t), t]));
}
