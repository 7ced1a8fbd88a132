import { type Issue, issue } from "../errors/issue.js";
import type { Hierarchy } from "../hierarchy/hierarchy.js";
import type { DistrictFiles } from "./bundle-files.js";

/**
 * Checks the references between the files of a district bundle: every code, id and name a
 * file uses must exist where it points. Files that are missing or failed their own schema
 * are left out, so each problem is reported once.
 */
export function checkReferences(files: Partial<DistrictFiles>, hierarchy: Hierarchy | undefined): Issue[] {
  const out: Issue[] = [];
  const unitExists = (code: string) => hierarchy?.unit(code) !== undefined;
  const add = (file: string, pointer: string, code: string, zh: string, en: string) =>
    out.push(issue(code, pointer, zh, en, file));

  const domainCodes = new Set(files.domains?.domains.map((d) => d.code));
  const capabilityCodes = new Set(files.services?.capabilities.map((c) => c.code));
  const resourceIds = new Set<string>();
  const calendarIds = new Set(files.policies?.calendars.map((c) => c.id));
  const deadlineIds = new Set(files.policies?.deadlines.map((d) => d.id));

  if (files.manifest && hierarchy) {
    if (!unitExists(files.manifest.root))
      add(
        "district.json",
        "/root",
        "district.unknown_root",
        `顶层单元 ${files.manifest.root} 不在 hierarchy.json 中`,
        `root ${files.manifest.root} is not in hierarchy.json`,
      );
    else if (hierarchy.unit(files.manifest.root)?.parent !== undefined)
      add(
        "district.json",
        "/root",
        "district.root_has_parent",
        `${files.manifest.root} 有上级，不能作为顶层`,
        `${files.manifest.root} has a parent and cannot be the root`,
      );
  }
  if (files.manifest && files.policies && !calendarIds.has(files.manifest.calendar))
    add(
      "district.json",
      "/calendar",
      "district.unknown_calendar",
      `日历 ${files.manifest.calendar} 不在 policies.json 中`,
      `calendar ${files.manifest.calendar} is not in policies.json`,
    );

  unique(out, "domains.json", files.domains?.domains, (d) => d.code, "/domains", "code");
  unique(out, "services.json", files.services?.capabilities, (c) => c.code, "/capabilities", "code");
  unique(out, "services.json", files.services?.items, (s) => s.code, "/items", "code");
  unique(out, "resources.json", files.resources?.resources, (r) => r.id, "/resources", "id");
  unique(out, "residents.json", files.residents?.residents, (r) => r.id, "/residents", "id");
  unique(out, "addresses.json", files.addresses?.addresses, (a) => a.code, "/addresses", "code");
  unique(out, "grids.json", files.grids?.grids, (g) => g.code, "/grids", "code");
  for (const key of ["calendars", "deadlines", "ladders", "visitPlans"] as const)
    unique(
      out,
      "policies.json",
      files.policies?.[key] as readonly { id: string }[] | undefined,
      (p) => p.id,
      `/${key}`,
      "id",
    );
  for (const r of files.resources?.resources ?? []) resourceIds.add(r.id);

  if (files.grids && hierarchy) {
    const departmental = new Map<string, string>();
    const described = new Set<string>();
    files.grids.grids.forEach((g, i) => {
      const p = `/grids/${i}`;
      const unit = hierarchy.unit(g.code);
      described.add(g.code);
      if (!unit)
        add(
          "grids.json",
          `${p}/code`,
          "grid.unknown_unit",
          `网格 ${g.code} 不在 hierarchy.json 中`,
          `grid ${g.code} is not in hierarchy.json`,
        );
      else if (unit.level !== "grid")
        add(
          "grids.json",
          `${p}/code`,
          "grid.not_a_grid",
          `${g.code} 是 ${unit.level}，不是网格`,
          `${g.code} is a ${unit.level}, not a grid`,
        );
      const seen = new Set<string>();
      g.merged.forEach((m, k) => {
        const q = `${p}/merged/${k}`;
        if (files.domains && !domainCodes.has(m.domain))
          add(
            "grids.json",
            `${q}/domain`,
            "grid.unknown_domain",
            `未知的职能领域 ${m.domain}`,
            `unknown domain ${m.domain}`,
          );
        if (seen.has(m.domain))
          add(
            "grids.json",
            `${q}/domain`,
            "grid.domain_merged_twice",
            `领域 ${m.domain} 在同一网格中出现两次`,
            `domain ${m.domain} is merged twice into this grid`,
          );
        seen.add(m.domain);
        const key = `${m.domain}\u0000${m.code}`;
        const other = departmental.get(key);
        if (other !== undefined)
          add(
            "grids.json",
            `${q}/code`,
            "grid.duplicate_departmental_code",
            `${m.domain} 的部门网格 ${m.code} 已并入 ${other}`,
            `departmental grid ${m.domain} ${m.code} is already merged into ${other}`,
          );
        else departmental.set(key, g.code);
      });
      g.staff.forEach((s, k) => {
        if (files.resources && !resourceIds.has(s.resource))
          add(
            "grids.json",
            `${p}/staff/${k}/resource`,
            "grid.unknown_resource",
            `资源 ${s.resource} 不在 resources.json 中`,
            `resource ${s.resource} is not in resources.json`,
          );
      });
      g.neighbours?.forEach((n, k) => {
        if (hierarchy.unit(n)?.level !== "grid")
          add(
            "grids.json",
            `${p}/neighbours/${k}`,
            "grid.unknown_neighbour",
            `相邻网格 ${n} 不存在`,
            `neighbour grid ${n} does not exist`,
          );
      });
    });
    for (const u of hierarchy.atLevel("grid"))
      if (!described.has(u.code))
        add(
          "grids.json",
          "/grids",
          "grid.missing",
          `网格 ${u.code} 在 grids.json 中没有条目`,
          `grid ${u.code} has no entry in grids.json`,
        );
  }

  files.services?.items.forEach((s, i) => {
    const p = `/items/${i}`;
    if (files.domains && !domainCodes.has(s.domain))
      add(
        "services.json",
        `${p}/domain`,
        "service.unknown_domain",
        `未知的职能领域 ${s.domain}`,
        `unknown domain ${s.domain}`,
      );
    s.capabilities.forEach((c, k) => {
      if (!capabilityCodes.has(c))
        add(
          "services.json",
          `${p}/capabilities/${k}`,
          "service.unknown_capability",
          `未知的能力 ${c}`,
          `unknown capability ${c}`,
        );
    });
    if (s.deadlinePolicy !== undefined && files.policies && !deadlineIds.has(s.deadlinePolicy))
      add(
        "services.json",
        `${p}/deadlinePolicy`,
        "service.unknown_deadline_policy",
        `时限政策 ${s.deadlinePolicy} 不在 policies.json 中`,
        `deadline policy ${s.deadlinePolicy} is not in policies.json`,
      );
  });

  files.resources?.resources.forEach((r, i) => {
    const p = `/resources/${i}`;
    if (files.services)
      r.capabilities.forEach((c, k) => {
        if (!capabilityCodes.has(c))
          add(
            "resources.json",
            `${p}/capabilities/${k}`,
            "resource.unknown_capability",
            `未知的能力 ${c}`,
            `unknown capability ${c}`,
          );
      });
    if (hierarchy && !unitExists(r.home))
      add(
        "resources.json",
        `${p}/home`,
        "resource.unknown_unit",
        `单元 ${r.home} 不存在`,
        `unit ${r.home} does not exist`,
      );
    if (hierarchy)
      r.area.units?.forEach((u, k) => {
        if (!unitExists(u))
          add(
            "resources.json",
            `${p}/area/units/${k}`,
            "resource.unknown_unit",
            `单元 ${u} 不存在`,
            `unit ${u} does not exist`,
          );
      });
  });

  const addressGrid = new Map(files.addresses?.addresses.map((a) => [a.code, a.grid]));
  files.addresses?.addresses.forEach((a, i) => {
    if (hierarchy && hierarchy.unit(a.grid)?.level !== "grid")
      add(
        "addresses.json",
        `/addresses/${i}/grid`,
        "address.unknown_grid",
        `网格 ${a.grid} 不存在`,
        `grid ${a.grid} does not exist`,
      );
  });

  files.residents?.residents.forEach((r, i) => {
    const p = `/residents/${i}`;
    if (r.grid !== undefined && hierarchy && hierarchy.unit(r.grid)?.level !== "grid")
      add(
        "residents.json",
        `${p}/grid`,
        "resident.unknown_grid",
        `网格 ${r.grid} 不存在`,
        `grid ${r.grid} does not exist`,
      );
    if (r.addressCode !== undefined && files.addresses) {
      const grid = longestPrefix(addressGrid, r.addressCode);
      if (grid === undefined)
        add(
          "residents.json",
          `${p}/addressCode`,
          "resident.unknown_address",
          `地址 ${r.addressCode} 不在 addresses.json 中`,
          `address ${r.addressCode} is not in addresses.json`,
        );
      else if (r.grid !== undefined && grid !== r.grid)
        add(
          "residents.json",
          `${p}/grid`,
          "resident.address_in_other_grid",
          `地址 ${r.addressCode} 属于网格 ${grid}，而不是 ${r.grid}`,
          `address ${r.addressCode} belongs to grid ${grid}, not ${r.grid}`,
        );
    }
  });

  if (files.policies) {
    const calendarRef = (file: string, pointer: string, id: string) => {
      if (!calendarIds.has(id))
        add(file, pointer, "policy.unknown_calendar", `日历 ${id} 不存在`, `calendar ${id} does not exist`);
    };
    for (const [i, d] of files.policies.deadlines.entries())
      calendarRef("policies.json", `/deadlines/${i}/calendar`, d.calendar);
    for (const [i, l] of files.policies.ladders.entries())
      calendarRef("policies.json", `/ladders/${i}/calendar`, l.calendar);
    for (const [i, v] of files.policies.visitPlans.entries())
      calendarRef("policies.json", `/visitPlans/${i}/calendar`, v.calendar);
    files.policies.calendars.forEach((c, i) => {
      const holidays = new Set(c.holidays.map((h) => h.date));
      c.makeupWorkdays.forEach((m, k) => {
        if (holidays.has(m.date))
          add(
            "policies.json",
            `/calendars/${i}/makeupWorkdays/${k}/date`,
            "calendar.holiday_and_workday",
            `${m.date} 既是节假日又是调休工作日`,
            `${m.date} is both a holiday and a make-up working day`,
          );
      });
    });
  }
  return out;
}

/** The value of the longest key that is `code` or a `-`-separated prefix of it. */
export function longestPrefix<V>(map: ReadonlyMap<string, V>, code: string): V | undefined {
  for (let key = code; ; ) {
    const v = map.get(key);
    if (v !== undefined) return v;
    const cut = key.lastIndexOf("-");
    if (cut <= 0) return undefined;
    key = key.slice(0, cut);
  }
}

function unique<T>(
  out: Issue[],
  file: string,
  list: readonly T[] | undefined,
  key: (t: T) => string,
  base: string,
  field: string,
): void {
  const seen = new Map<string, number>();
  list?.forEach((t, i) => {
    const k = key(t);
    const first = seen.get(k);
    if (first !== undefined)
      out.push(
        issue(
          `${file.replace(".json", "")}.duplicate_${field}`,
          `${base}/${i}/${field}`,
          `${k} 重复（首次出现在 ${base}/${first}）`,
          `duplicate ${field} ${k} (first at ${base}/${first})`,
          file,
        ),
      );
    else seen.set(k, i);
  });
}
