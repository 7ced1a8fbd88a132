import { memoryStore } from "@lianxin/core";
import { storeSuite } from "@lianxin/testkit/storage";

// The reference store runs the whole storage conformance suite.
storeSuite({ name: "memory", create: () => memoryStore() });
