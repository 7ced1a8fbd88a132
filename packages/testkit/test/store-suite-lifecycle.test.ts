import { memoryStore, type Store } from "@lianxin/core";
import { storeSuite } from "@lianxin/testkit/storage";
import { expect, it } from "vitest";

/** A store whose contents `reset` throws away, standing in for one database shared by the suite. */
function resettableMemoryStore(): { store: Store; reset(): Promise<void> } {
  let inner = memoryStore();
  const store = new Proxy({} as Store, {
    get: (_target, key) => {
      const value = Reflect.get(inner, key);
      return typeof value === "function" ? value.bind(inner) : value;
    },
  });
  return {
    store,
    async reset() {
      inner = memoryStore();
    },
  };
}

// The `reset` lifecycle (one store for the suite), group skips with reasons, and own tests.
let creates = 0;
const shared = resettableMemoryStore();
storeSuite({
  name: "memory (shared, reset after each test)",
  create: () => {
    creates++;
    return shared.store;
  },
  reset: () => shared.reset(),
  skip: {
    outbox: "checks the skip option: the outbox group is covered by memory-store.test.ts",
    timers: "checks the skip option: the timers group is covered by memory-store.test.ts",
  },
  additionalTests(ctx) {
    it("creates the store once when it can reset it", async () => {
      expect(creates).toBe(1);
      expect(ctx.store.name).toBe("memory");
    });
    it("starts each test with an empty store", async () => {
      expect((await ctx.store.listNeeds({})).items).toEqual([]);
      expect((await ctx.store.listOutbox({})).items).toEqual([]);
    });
  },
});
