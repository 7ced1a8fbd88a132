/**
 * The places of the bundle: Tongchuan's districts and county, their streets and towns, and the
 * communities. District and street names are real; the codes follow the statistical division
 * pattern (county 6 digits + street 3 digits, 街道 001–099, 镇 1xx) but are not claimed to be the
 * official ones. Community names are plausible; the five the seed article names sit where the
 * article puts them. Rectangles are synthetic, placed around the real locations.
 */
import { type Rect, rect } from "./geometry.js";

/** A community: Chinese name without 社区, pinyin, and whether it is a demonstration community. */
export interface CommunitySpec {
  zh: string;
  en: string;
  demonstration?: true;
}

/** A street (街道) or town (镇). */
export interface StreetSpec {
  code: string;
  zh: string;
  en: string;
  kind: "街道" | "镇";
  communities: CommunitySpec[];
}

/** A district, county or new district. */
export interface DistrictSpec {
  code: string;
  zh: string;
  en: string;
  kind: "区" | "县" | "新区";
  rect: Rect;
  streets: StreetSpec[];
}

/** The city. */
export const CITY = {
  code: "610200000000",
  zh: "铜川市",
  en: "Tongchuan",
  kind: "市",
  rect: rect(108.88, 34.82, 109.22, 35.49),
  /** The city government is in the new district. */
  center: [108.951, 34.872] as const,
} as const;

const c = (zh: string, en: string, demonstration?: true): CommunitySpec =>
  demonstration ? { zh, en, demonstration } : { zh, en };

export const DISTRICTS: DistrictSpec[] = [
  {
    code: "610202000000",
    zh: "王益区",
    en: "Wangyi District",
    kind: "区",
    rect: rect(109.02, 35.035, 109.12, 35.1),
    streets: [
      {
        code: "610202001000",
        zh: "七一路街道",
        en: "Qiyilu Subdistrict",
        kind: "街道",
        communities: [
          c("七一路", "Qiyilu", true),
          c("东风", "Dongfeng", true),
          c("新华", "Xinhua"),
          c("建设路", "Jianshelu"),
        ],
      },
      {
        code: "610202002000",
        zh: "红旗街街道",
        en: "Hongqijie Subdistrict",
        kind: "街道",
        communities: [c("红旗", "Hongqi", true), c("人民路", "Renminlu"), c("友谊", "Youyi")],
      },
      {
        code: "610202003000",
        zh: "桃园街道",
        en: "Taoyuan Subdistrict",
        kind: "街道",
        communities: [c("桃园", "Taoyuan", true), c("朝阳", "Chaoyang"), c("南市", "Nanshi")],
      },
      {
        code: "610202004000",
        zh: "青年路街道",
        en: "Qingnianlu Subdistrict",
        kind: "街道",
        communities: [c("青年路", "Qingnianlu", true), c("北关", "Beiguan"), c("文化路", "Wenhualu")],
      },
      {
        code: "610202005000",
        zh: "王家河街道",
        en: "Wangjiahe Subdistrict",
        kind: "街道",
        communities: [c("王家河", "Wangjiahe"), c("李家塔", "Lijiata"), c("川口", "Chuankou")],
      },
      {
        code: "610202006000",
        zh: "王益街道",
        en: "Wangyi Subdistrict",
        kind: "街道",
        communities: [c("王益", "Wangyi"), c("西苑", "Xiyuan"), c("新村", "Xincun")],
      },
      {
        code: "610202100000",
        zh: "黄堡镇",
        en: "Huangbao Town",
        kind: "镇",
        communities: [c("黄堡", "Huangbao"), c("书院", "Shuyuan")],
      },
    ],
  },
  {
    code: "610203000000",
    zh: "印台区",
    en: "Yintai District",
    kind: "区",
    rect: rect(109.03, 35.104, 109.19, 35.16),
    streets: [
      {
        code: "610203001000",
        zh: "城关街道",
        en: "Chengguan Subdistrict",
        kind: "街道",
        communities: [
          c("南苑", "Nanyuan", true),
          c("北街", "Beijie"),
          c("东街", "Dongjie"),
          c("文苑", "Wenyuan"),
        ],
      },
      {
        code: "610203002000",
        zh: "三里洞街道",
        en: "Sanlidong Subdistrict",
        kind: "街道",
        communities: [c("三里洞", "Sanlidong", true), c("矿区", "Kuangqu"), c("惠民", "Huimin")],
      },
      {
        code: "610203003000",
        zh: "王石凹街道",
        en: "Wangshiwa Subdistrict",
        kind: "街道",
        communities: [c("王石凹", "Wangshiwa"), c("安居", "Anju")],
      },
      {
        code: "610203004000",
        zh: "印台街道",
        en: "Yintai Subdistrict",
        kind: "街道",
        communities: [c("印台", "Yintai", true), c("金锁", "Jinsuo"), c("槐树", "Huaishu")],
      },
      {
        code: "610203101000",
        zh: "陈炉镇",
        en: "Chenlu Town",
        kind: "镇",
        communities: [c("陈炉", "Chenlu"), c("永兴", "Yongxing")],
      },
      {
        code: "610203102000",
        zh: "红土镇",
        en: "Hongtu Town",
        kind: "镇",
        communities: [c("红土", "Hongtu"), c("新兴", "Xinxing")],
      },
    ],
  },
  {
    code: "610204000000",
    zh: "耀州区",
    en: "Yaozhou District",
    kind: "区",
    rect: rect(108.92, 34.896, 109.04, 34.975),
    streets: [
      {
        code: "610204001000",
        zh: "永安路街道",
        en: "Yong'anlu Subdistrict",
        kind: "街道",
        communities: [
          c("永安", "Yong'an"),
          c("南街", "Nanjie"),
          c("邻德", "Linde", true),
          c("药王", "Yaowang"),
          c("北街", "Beijie"),
        ],
      },
      {
        code: "610204002000",
        zh: "天宝路街道",
        en: "Tianbaolu Subdistrict",
        kind: "街道",
        communities: [
          c("天宝", "Tianbao", true),
          c("学府", "Xuefu", true),
          c("华原", "Huayuan"),
          c("东街", "Dongjie"),
        ],
      },
      {
        code: "610204003000",
        zh: "锦阳路街道",
        en: "Jinyanglu Subdistrict",
        kind: "街道",
        communities: [c("锦阳", "Jinyang"), c("阳光", "Yangguang"), c("润园", "Runyuan")],
      },
      {
        code: "610204004000",
        zh: "坡头街道",
        en: "Potou Subdistrict",
        kind: "街道",
        communities: [c("坡头", "Potou"), c("稠桑", "Chousang")],
      },
      {
        code: "610204101000",
        zh: "董家河镇",
        en: "Dongjiahe Town",
        kind: "镇",
        communities: [c("董家河", "Dongjiahe"), c("五里铺", "Wulipu")],
      },
    ],
  },
  {
    code: "610222000000",
    zh: "宜君县",
    en: "Yijun County",
    kind: "县",
    rect: rect(109.04, 35.33, 109.2, 35.47),
    streets: [
      {
        code: "610222001000",
        zh: "宜阳街道",
        en: "Yiyang Subdistrict",
        kind: "街道",
        communities: [
          c("宜阳", "Yiyang", true),
          c("城南", "Chengnan"),
          c("东关", "Dongguan"),
          c("西关", "Xiguan"),
        ],
      },
      {
        code: "610222101000",
        zh: "彭镇",
        en: "Peng Town",
        kind: "镇",
        communities: [c("彭镇", "Pengzhen")],
      },
      {
        code: "610222102000",
        zh: "五里镇",
        en: "Wuli Town",
        kind: "镇",
        communities: [c("五里", "Wuli")],
      },
    ],
  },
  {
    code: "610271000000",
    zh: "铜川新区",
    en: "Tongchuan New District",
    kind: "新区",
    rect: rect(108.9, 34.84, 109.0, 34.892),
    streets: [
      {
        code: "610271001000",
        zh: "正阳路街道",
        en: "Zhengyanglu Subdistrict",
        kind: "街道",
        communities: [
          c("锦园", "Jinyuan", true),
          c("正阳", "Zhengyang", true),
          c("华宇", "Huayu"),
          c("福苑", "Fuyuan"),
          c("新城", "Xincheng"),
        ],
      },
      {
        code: "610271002000",
        zh: "咸丰路街道",
        en: "Xianfenglu Subdistrict",
        kind: "街道",
        communities: [
          c("咸丰", "Xianfeng", true),
          c("长丰", "Changfeng"),
          c("瑞景", "Ruijing"),
          c("秀房", "Xiufang"),
          c("翠园", "Cuiyuan"),
        ],
      },
    ],
  },
];
