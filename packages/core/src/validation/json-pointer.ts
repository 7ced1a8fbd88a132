/** Encodes a path of keys and indexes as an RFC 6901 JSON pointer. */
export function toPointer(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += `/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`;
  return out;
}

/** Decodes an RFC 6901 JSON pointer into its reference tokens. */
export function fromPointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** Joins a base pointer and a relative path. */
export function joinPointer(base: string, ...path: PropertyKey[]): string {
  return base + toPointer(path);
}
