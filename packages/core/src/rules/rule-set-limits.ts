/** Limits that keep a rule document small enough to check and run safely. */
export interface RuleSetLimits {
  /** Size of the JSON text in bytes. @default 2097152 (2 MiB) */
  maxBytes: number;
  /** Number of rules. @default 2000 */
  maxRules: number;
  /** Nesting of `all` / `any` / `not` inside one condition tree. @default 12 */
  maxConditionDepth: number;
  /** Nesting of the JSON document as a whole. @default 40 */
  maxJsonDepth: number;
  /** Length of any string. @default 4000 */
  maxStringLength: number;
  /** Items in any array (conditions of an `all`, values of an `in`, tests). @default 2000 */
  maxArrayLength: number;
  /** Number of rule tests. @default 5000 */
  maxTests: number;
}

/** The default {@link RuleSetLimits}. */
export const DEFAULT_RULE_SET_LIMITS: Readonly<RuleSetLimits> = {
  maxBytes: 2 * 1024 * 1024,
  maxRules: 2_000,
  maxConditionDepth: 12,
  maxJsonDepth: 40,
  maxStringLength: 4_000,
  maxArrayLength: 2_000,
  maxTests: 5_000,
};
