import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, extname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type District, type Event, loadDistrict, type Store, type WorkOrder } from "@lianxin/core";
import {
  type GeoReportServiceRequest,
  geoReportRequest,
  geoReportServiceDefinition,
  geoReportServices,
  toGeoReportXml,
} from "@lianxin/open311";
import type { CliIo } from "../cli-io.js";
import { pickLang, t } from "../lang.js";
import { parseOpen311Format, parseOpen311What } from "../open311-options.js";
import { openSimulationStore, parseStoreOption } from "../simulation-store.js";
import { UsageError } from "../usage-error.js";

const USAGE =
  "usage: lianxin export open311 --district <dir> [--what services|requests] [--format json|xml] " +
  "[--lang zh|en] [--out <file|dir>] [--store sqlite:<path>|postgres://...]";

/**
 * `lianxin export open311`: the district's services list or a store's needs as GeoReport v2.
 *
 * - `--what services` (default): without `--out`, the service list on standard output; with
 *   `--out <dir>` (a path without a `.json`/`.xml` extension), the layout of a GeoReport server's
 *   URLs: `<dir>/services.<format>` and `<dir>/services/<code>.<format>` for every item with
 *   attributes (`metadata: true`); with `--out <file>`, the service list only.
 * - `--what requests`: every need of `--store` (opened read-only) as one `service_requests`
 *   document, on standard output or in `--out <file>`.
 *
 * `--lang` chooses the language of names and labels (and messages). Files are written through a
 * temporary file and a rename.
 */
export async function exportOpen311(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      district: { type: "string" },
      what: { type: "string", default: "services" },
      format: { type: "string", default: "json" },
      lang: { type: "string" },
      out: { type: "string" },
      store: { type: "string" },
    },
  });
  const lang = pickLang(values.lang, io.env);
  const docLang = lang === "zh-CN" ? "zh" : "en";
  if (positionals.length > 0 || values.district === undefined) throw new UsageError(USAGE);
  const what = parseOpen311What(values.what, USAGE);
  const format = parseOpen311Format(values.format, USAGE) ?? "json";
  const district = await loadDistrict(values.district, { geometry: false });

  if (what === "services") {
    const list = geoReportServices(district, { lang: docLang });
    const listText = render("services", list, format);
    const out = values.out;
    if (out === undefined) {
      io.out(listText);
      return 0;
    }
    if (extname(out) === ".json" || extname(out) === ".xml") {
      await writeAtomically(resolve(out), listText);
      io.out(t(lang, `已写出 ${list.length} 项服务：${out}`, `wrote ${list.length} services to ${out}`));
      return 0;
    }
    await writeAtomically(join(out, `services.${format}`), listText);
    let definitions = 0;
    for (const service of list) {
      if (!service.metadata) continue;
      const def = geoReportServiceDefinition(district.services.get(service.service_code)!, { lang: docLang });
      await writeAtomically(
        join(out, "services", `${service.service_code}.${format}`),
        render("service_definition", def, format),
      );
      definitions++;
    }
    io.out(
      t(
        lang,
        `已写出 ${list.length} 项服务和 ${definitions} 份服务定义：${out}`,
        `wrote ${list.length} services and ${definitions} service definitions to ${out}`,
      ),
    );
    return 0;
  }

  if (values.store === undefined) throw new UsageError(`--what requests needs --store\n${USAGE}`);
  const opened = await openSimulationStore(parseStoreOption(values.store), {
    overwrite: false,
    now: new Date(),
    existing: "require",
  });
  let requests: GeoReportServiceRequest[];
  try {
    requests = await readRequests(opened.store, district, docLang);
  } finally {
    await opened.close();
  }
  const text = render("service_requests", requests, format);
  if (values.out === undefined) io.out(text);
  else {
    await writeAtomically(resolve(values.out), text);
    io.out(
      t(
        lang,
        `已写出 ${requests.length} 件请求：${values.out}`,
        `wrote ${requests.length} requests to ${values.out}`,
      ),
    );
  }
  return 0;
}

function render(
  kind: "services" | "service_definition" | "service_requests",
  data: unknown,
  format: "json" | "xml",
): string {
  return format === "xml" ? toGeoReportXml(kind, data) : JSON.stringify(data, null, 2);
}

/** Every need of the store, with its work orders and events, as service requests. */
async function readRequests(
  store: Store,
  district: District,
  lang: "zh" | "en",
): Promise<GeoReportServiceRequest[]> {
  const out: GeoReportServiceRequest[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listNeeds({ limit: 1_000, cursor });
    for (const need of page.items) {
      const workOrders = await all<WorkOrder>((c) =>
        store.listWorkOrders({ need: need.id, limit: 1_000, cursor: c }),
      );
      const events = await all<Event>((c) => store.listEvents({ need: need.id, limit: 1_000, cursor: c }));
      out.push(geoReportRequest(need, { district, workOrders, events, lang }));
    }
    cursor = page.next;
  } while (cursor !== null);
  return out;
}

async function all<T>(
  page: (cursor: string | null) => Promise<{ items: T[]; next: string | null }>,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.next;
  } while (cursor !== null);
  return out;
}

/** Writes a file through a temporary file in the same folder and a rename. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text.endsWith("\n") ? text : `${text}\n`, "utf8");
  await rename(temp, path);
}
