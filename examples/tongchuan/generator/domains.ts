/**
 * The twelve departmental domains whose grids Tongchuan merged into the comprehensive grid
 * (“将政法、民政、城管等12个职能部门网格整合为全科大网格”).
 */
import type { Domain } from "@lianxin/core";

/** A domain and the two-letter abbreviation used in its departmental grid codes and item codes. */
export interface DomainSpec extends Domain {
  abbr: string;
}

const d = (
  code: string,
  abbr: string,
  zh: string,
  en: string,
  deptZh: string,
  deptEn: string,
  description: string,
): DomainSpec => ({
  code,
  abbr,
  name: { zh, en },
  department: { zh: deptZh, en: deptEn },
  description,
});

export const DOMAINS: DomainSpec[] = [
  d(
    "political-legal",
    "ZF",
    "政法（综治）",
    "Political-legal affairs (comprehensive governance)",
    "中共铜川市委政法委员会",
    "Political and Legal Affairs Commission of the CPC Tongchuan Municipal Committee",
    "平安建设、矛盾纠纷排查化解、综治中心和网格事件的统筹。",
  ),
  d(
    "civil-affairs",
    "MZ",
    "民政",
    "Civil affairs",
    "铜川市民政局",
    "Tongchuan Civil Affairs Bureau",
    "社会救助（低保、特困、临时救助）、养老服务、残疾人福利、儿童福利、婚姻殡葬。",
  ),
  d(
    "urban-management",
    "CG",
    "城市管理",
    "Urban management",
    "铜川市城市管理执法局",
    "Tongchuan Urban Management and Law Enforcement Bureau",
    "市容环境卫生、违章搭建、占道经营、市政设施。",
  ),
  d(
    "public-security",
    "GA",
    "公安",
    "Public security",
    "铜川市公安局",
    "Tongchuan Public Security Bureau",
    "户籍、居住证、身份证、流动人口和出租房屋登记、治安。",
  ),
  d(
    "emergency-management",
    "YJ",
    "应急管理",
    "Emergency management",
    "铜川市应急管理局",
    "Tongchuan Emergency Management Bureau",
    "消防和安全生产隐患、防汛、地质灾害、自然灾害救助。",
  ),
  d(
    "market-regulation",
    "SJ",
    "市场监管",
    "Market regulation",
    "铜川市市场监督管理局",
    "Tongchuan Administration for Market Regulation",
    "食品药品安全、价格和消费投诉、特种设备（电梯）、经营主体登记。",
  ),
  d(
    "health",
    "WJ",
    "卫生健康",
    "Health",
    "铜川市卫生健康委员会",
    "Tongchuan Health Commission",
    "家庭医生、慢病随访、老年人健康管理、购药就医。",
  ),
  d(
    "human-resources-social-security",
    "RS",
    "人力资源和社会保障",
    "Human resources and social security",
    "铜川市人力资源和社会保障局",
    "Tongchuan Human Resources and Social Security Bureau",
    "社保参保缴费、养老待遇资格认证、就业登记和就业服务、劳动保障监察。",
  ),
  d(
    "housing-construction",
    "ZJ",
    "住房和城乡建设",
    "Housing and urban-rural development",
    "铜川市住房和城乡建设局",
    "Tongchuan Housing and Urban-Rural Development Bureau",
    "老旧小区改造、物业、保障性住房、供水供暖燃气。",
  ),
  d(
    "ecology-environment",
    "HB",
    "生态环境",
    "Ecology and environment",
    "铜川市生态环境局",
    "Tongchuan Ecology and Environment Bureau",
    "噪声、油烟、大气和水污染、清洁取暖。",
  ),
  d(
    "justice",
    "SF",
    "司法行政",
    "Justice administration",
    "铜川市司法局",
    "Tongchuan Justice Bureau",
    "法律援助、人民调解、公共法律服务、社区矫正和安置帮教。",
  ),
  d(
    "medical-security",
    "YB",
    "医疗保障",
    "Medical security",
    "铜川市医疗保障局",
    "Tongchuan Healthcare Security Bureau",
    "医保参保缴费、报销、异地就医备案、门诊慢特病、医疗救助。",
  ),
];

/** Domain code → abbreviation. */
export const DOMAIN_ABBR: Record<string, string> = Object.fromEntries(DOMAINS.map((x) => [x.code, x.abbr]));
