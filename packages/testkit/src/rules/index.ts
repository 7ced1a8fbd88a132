/**
 * Rule-set tests for vitest.
 * @module @lianxin/testkit/rules
 */
export { type RuleSetTestsOptions, ruleSetTests } from "./rule-set-tests.js";
