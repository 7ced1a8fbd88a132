import { swatchStyles } from "./chart-figure.js";
import { CATEGORY_COLOURS, LEVEL_COLOURS, MAIN_COLOUR, MUTED_COLOUR, OTHER_COLOUR } from "./palette.js";

/** The report's style sheet: one language shown at a time, system fonts only. */
export const REPORT_STYLE: string = [
  'html[lang="zh"] .l-en,html[lang="en"] .l-zh{display:none}',
  ":root{color-scheme:light;--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa}",
  'body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:var(--ink);background:#fff}',
  "main{max-width:820px;margin:0 auto;padding:16px 20px 40px}",
  "header{display:flex;justify-content:space-between;align-items:flex-start;gap:12px}",
  "h1{font-size:24px;margin:8px 0 4px}h2{font-size:19px;margin:32px 0 12px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:16px;margin:0 0 6px}",
  ".sub{color:var(--muted);margin:0}",
  "button#lang-toggle{font:inherit;padding:4px 14px;border:1px solid var(--line);border-radius:6px;background:var(--soft);cursor:pointer;white-space:nowrap}",
  "button#lang-toggle:focus-visible{outline:2px solid #0072B2;outline-offset:2px}",
  ".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(118px,1fr));gap:10px;padding:0;margin:0;list-style:none}",
  ".tile{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:var(--soft)}",
  ".tile .v{display:block;font-size:26px;font-weight:600;font-variant-numeric:tabular-nums}",
  ".tile .k,.tile .n{display:block;color:var(--muted);font-size:13px}",
  "figure.chart{margin:0 0 28px}#charts{margin-top:28px}",
  "figure.chart svg{display:block;max-width:100%;height:auto;font-size:12px}",
  "svg text{fill:var(--ink)}svg .tick,svg .value{fill:var(--muted);font-variant-numeric:tabular-nums}",
  "svg .value,svg .ref-label{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}",
  `svg .no-data{fill:${MUTED_COLOUR};font-style:italic}svg .axis-title{font-weight:600}`,
  "svg .grid{stroke:#e6e8eb}svg .axis{stroke:#57606a}svg .ref{stroke-dasharray:4 3;stroke-width:1.5}",
  "svg .ref-label{font-weight:600}",
  ".legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;margin:6px 0 0;font-size:13px}",
  ".legend li{display:flex;align-items:center;gap:6px}",
  ".sw{display:inline-block;width:12px;height:12px;border-radius:2px}.sw-none{display:none}",
  ".legend .num,.stats{font-variant-numeric:tabular-nums;color:var(--muted)}",
  ".note,.stats{color:var(--muted);font-size:13px;margin:4px 0 0}",
  "table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}",
  "th,td{padding:4px 6px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}",
  "th:first-child,td:first-child{text-align:left;white-space:normal}",
  "thead th{background:var(--soft);vertical-align:bottom;white-space:normal}tr.total td{font-weight:600}",
  "td small{color:var(--muted);margin-left:3px}",
  ".table-wrap{overflow-x:auto}",
  "footer{margin-top:36px;color:var(--muted);font-size:12px}footer dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 8px}",
  "footer dd{margin:0;word-break:break-all;font-family:ui-monospace,monospace}",
  swatchStyles({
    main: MAIN_COLOUR,
    other: OTHER_COLOUR,
    ...Object.fromEntries(CATEGORY_COLOURS.map((c, i) => [`c${i}`, c])),
    ...Object.fromEntries(LEVEL_COLOURS.map((c, i) => [`l${i + 1}`, c])),
  }),
  "@media print{button#lang-toggle{display:none}}",
].join("\n");

/**
 * The report's only script: the language toggle. It sets `<html lang>` (the style sheet shows the
 * matching texts) and the document title from the `data-title-*` attributes.
 */
export const REPORT_SCRIPT: string = [
  "(function(){",
  'var d=document.documentElement,b=document.getElementById("lang-toggle");',
  "function set(l){d.lang=l;document.title=d.getAttribute('data-title-'+l);" +
    "b.setAttribute('aria-label',b.getAttribute('data-label-'+l))}",
  'b.addEventListener("click",function(){set(d.lang==="zh"?"en":"zh")});',
  "})();",
].join("\n");
