import { fileURLToPath } from "node:url";
import { type District, loadDistrict } from "@lianxin/core";

/** The reference bundle folder. */
export const TONGCHUAN = fileURLToPath(new URL("../../../examples/tongchuan", import.meta.url));

let loading: Promise<District> | undefined;

/** The Tongchuan district, loaded once per test file. */
export function tongchuan(): Promise<District> {
  loading ??= loadDistrict(TONGCHUAN, { geometry: false });
  return loading;
}

/** A fixture's path. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}
