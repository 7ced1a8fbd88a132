/**
 * The `lianxin` command line, callable from code and tests.
 * @module @lianxin/cli
 */
export { type CliIo, processIo } from "./cli-io.js";
export { main } from "./main.js";
