import type { DemandCategory } from "./types.js";

/** A demand category with its rate, rhythms and words. */
export interface CategorySpec extends DemandCategory {
  /** Share of the daily rate (the weights of all categories sum to 1). */
  weight: number;
  /** Factor per month, January first. */
  season: readonly number[];
  /** Asked by a resident for themself (a subject is known); vulnerable residents ask more. */
  personal: boolean;
  /** Emergencies and urgent public matters: a holiday does not lower them. */
  urgent: boolean;
  /** What residents say, each with the service code a caller may already know (null: none fits). */
  phrases: readonly (readonly [text: string, code: string | null])[];
}

const FLAT = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] as const;

/**
 * The demand categories, mapped to Tongchuan's service codes and to words its triage rules
 * recognise. Seasons: heating only from November to March (Tongchuan's heating period), medicine
 * peaking in winter, utilities in summer storms, social insurance before the December deadline.
 */
export const DEMAND_CATEGORIES: readonly CategorySpec[] = [
  {
    id: "medicine",
    name: { zh: "代购药品", en: "Medicine" },
    weight: 0.16,
    season: [1.35, 1.3, 1.1, 0.95, 0.85, 0.8, 0.8, 0.8, 0.9, 1.0, 1.15, 1.35],
    personal: true,
    urgent: false,
    phrases: [
      ["帮忙买胃药送上门", "DB-WJ-001"],
      ["降压药吃完了，请帮忙代购", "DB-WJ-001"],
      ["腿脚不便，想请网格员帮忙买药", "DB-WJ-001"],
      ["降糖药没了，麻烦去药店取药", "DB-WJ-001"],
      ["感冒发烧了，想请人帮忙买药", "DB-WJ-001"],
    ],
  },
  {
    id: "supplies",
    name: { zh: "代购生活物资", en: "Daily supplies" },
    weight: 0.13,
    season: [1.2, 1.3, 1.0, 0.95, 0.95, 0.9, 0.9, 0.9, 0.95, 1.0, 1.0, 1.1],
    personal: true,
    urgent: false,
    phrases: [
      ["请帮忙代买生活物资", "DB-MZ-001"],
      ["想请人帮忙买菜和米面油", "DB-MZ-001"],
      ["家里日用品用完了，帮忙代买一下", "DB-MZ-001"],
    ],
  },
  {
    id: "heating",
    name: { zh: "供暖", en: "Heating" },
    weight: 0.07,
    season: [1.6, 1.3, 0.7, 0.05, 0, 0, 0, 0, 0, 0.05, 0.9, 1.5],
    personal: false,
    urgent: false,
    phrases: [
      ["暖气不热，屋里太冷", "DB-ZJ-002"],
      ["家里没暖气了，老人受不了", null],
      ["停暖了，请尽快来看看", null],
    ],
  },
  {
    id: "social-insurance",
    name: { zh: "社保缴费", en: "Social insurance" },
    weight: 0.06,
    season: [0.8, 0.7, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0, 1.1, 1.5, 1.6],
    personal: true,
    urgent: false,
    phrases: [
      ["想请网格员帮忙代缴社保", "DB-RS-001"],
      ["今年的社保缴费还没交，帮忙办理", "DB-RS-001"],
    ],
  },
  {
    id: "pension",
    name: { zh: "养老认证", en: "Pension certification" },
    weight: 0.06,
    season: FLAT,
    personal: true,
    urgent: false,
    phrases: [
      ["养老认证不会弄，请上门帮忙", "DB-RS-002"],
      ["今年的养老金资格认证还没做", "DB-RS-002"],
    ],
  },
  {
    id: "relief",
    name: { zh: "临时救助", en: "Temporary relief" },
    weight: 0.04,
    season: [1.3, 1.4, 1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0, 1.0, 1.2],
    personal: true,
    urgent: false,
    phrases: [
      ["家里突发困难，想申请临时救助", "DB-MZ-002"],
      ["看病钱不够，能不能申请临时救助", "DB-MZ-002"],
    ],
  },
  {
    id: "meals",
    name: { zh: "老年助餐", en: "Meals" },
    weight: 0.05,
    season: [1.2, 1.1, 1.0, 1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0, 1.1, 1.2],
    personal: true,
    urgent: false,
    phrases: [
      ["做不了饭了，想申请老年助餐", "DB-MZ-010"],
      ["能不能每天送餐上门", "DB-MZ-010"],
    ],
  },
  {
    id: "escort-to-hospital",
    name: { zh: "陪同就医", en: "Escort to hospital" },
    weight: 0.06,
    season: [1.25, 1.2, 1.0, 0.95, 0.9, 0.9, 0.9, 0.9, 0.95, 1.0, 1.1, 1.25],
    personal: true,
    urgent: false,
    phrases: [
      ["下周要去医院复查，想请人陪同就医", "DB-WJ-002"],
      ["没人陪我去医院看病", "DB-WJ-002"],
      ["想挂个专家号", "DB-WJ-003"],
    ],
  },
  {
    id: "bills",
    name: { zh: "代缴水电费", en: "Bill payment" },
    weight: 0.04,
    season: FLAT,
    personal: true,
    urgent: false,
    phrases: [
      ["帮忙交水电费", "DB-MZ-017"],
      ["电费欠了，请帮忙代缴", "DB-MZ-017"],
    ],
  },
  {
    id: "consultation",
    name: { zh: "政策咨询", en: "Consultation" },
    weight: 0.05,
    season: FLAT,
    personal: true,
    urgent: false,
    phrases: [
      ["想咨询低保怎么申请", "DB-MZ-003"],
      ["想咨询法律援助", null],
      ["想找工作，有没有公益岗", null],
    ],
  },
  {
    id: "repairs",
    name: { zh: "维修", en: "Repairs" },
    weight: 0.09,
    season: [1.2, 1.1, 1.0, 0.9, 0.9, 1.0, 1.1, 1.1, 0.9, 0.9, 1.0, 1.2],
    personal: false,
    urgent: false,
    phrases: [
      ["楼道灯坏了需要维修", "DB-ZJ-007"],
      ["水龙头漏水需要修理", "DB-ZJ-007"],
      ["公租房门锁坏了，请报修", "DB-ZJ-007"],
    ],
  },
  {
    id: "sanitation",
    name: { zh: "环境卫生", en: "Sanitation" },
    weight: 0.07,
    season: [0.9, 1.1, 0.9, 0.9, 1.0, 1.1, 1.2, 1.2, 1.0, 0.9, 0.9, 0.9],
    personal: false,
    urgent: false,
    phrases: [
      ["小区垃圾没人清运，脏乱", "DB-CG-002"],
      ["楼下垃圾堆了好几天", "DB-CG-002"],
    ],
  },
  {
    id: "disputes",
    name: { zh: "矛盾纠纷", en: "Disputes" },
    weight: 0.05,
    season: FLAT,
    personal: false,
    urgent: false,
    phrases: [
      ["楼上楼下邻里纠纷，想请社区调解", "FW-ZF-001"],
      ["和邻居因为漏水吵架了", "FW-ZF-001"],
      ["开发商多年未解决产权证，几十户联名反映纠纷", null],
    ],
  },
  {
    id: "utilities",
    name: { zh: "水电气", en: "Utilities" },
    weight: 0.05,
    season: [1.1, 1.0, 0.9, 0.9, 1.0, 1.1, 1.3, 1.3, 1.0, 0.9, 0.9, 1.1],
    personal: false,
    urgent: true,
    phrases: [
      ["小区停水两天了", "DB-ZJ-003"],
      ["整栋楼停电", "DB-ZJ-004"],
      ["水管爆了，楼道里全是水", null],
    ],
  },
  {
    id: "emergencies",
    name: { zh: "紧急求助", en: "Emergencies" },
    weight: 0.02,
    season: [1.3, 1.2, 1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0, 1.1, 1.3],
    personal: false,
    urgent: true,
    phrases: [
      ["闻到很浓的煤气味，可能燃气泄漏", "FW-ZJ-002"],
      ["老人在家摔倒了起不来", null],
      ["有人困在电梯里了", "FW-SJ-001"],
    ],
  },
];

/** What a burst (a burst pipe, a power cut) makes people say. */
export const BURST_PHRASES: readonly (readonly [text: string, code: string | null])[] = [
  ["水管爆了，整栋楼停水", "DB-ZJ-003"],
  ["小区突然停电了", "DB-ZJ-004"],
  ["我们楼没水了", "DB-ZJ-003"],
  ["整栋楼停电，电梯也停了", "DB-ZJ-004"],
  ["家里没电了，什么时候来电", null],
];

/** The category id of burst needs. */
export const BURST_CATEGORY = "utilities";
