/**
 * Synthetic names. People's names are drawn at random from common surnames and given-name
 * characters; none is taken from the seed article, and the article's people are excluded.
 * Organisation names combine a made-up brand with a business type.
 */
import type { LocalizedText } from "@lianxin/core";
import type { Rng } from "./rng.js";

/** Parses lines of `"王:Wang 李:Li"` into pairs. */
function table(...lines: string[]): (readonly [string, string])[] {
  return lines
    .join(" ")
    .split(" ")
    .map((p) => {
      const [zh, en] = p.split(":");
      return [zh!, en!] as const;
    });
}

const SURNAMES: readonly (readonly [string, string])[] = table(
  "王:Wang 李:Li 张:Zhang 刘:Liu 陈:Chen 杨:Yang 赵:Zhao 黄:Huang 周:Zhou 吴:Wu",
  "徐:Xu 孙:Sun 马:Ma 朱:Zhu 胡:Hu 郭:Guo 何:He 高:Gao 林:Lin 罗:Luo",
  "郑:Zheng 梁:Liang 谢:Xie 宋:Song 唐:Tang 许:Xu 韩:Han 冯:Feng 邓:Deng 曹:Cao",
  "彭:Peng 曾:Zeng 肖:Xiao 田:Tian 董:Dong 袁:Yuan 潘:Pan 于:Yu 蒋:Jiang 蔡:Cai",
  "余:Yu 杜:Du 叶:Ye 程:Cheng 苏:Su 魏:Wei 吕:Lyu 丁:Ding 任:Ren 沈:Shen",
  "姚:Yao 卢:Lu 姜:Jiang 崔:Cui 钟:Zhong 谭:Tan 陆:Lu 汪:Wang 范:Fan 金:Jin",
  "石:Shi 贾:Jia 夏:Xia 付:Fu 方:Fang 白:Bai 孟:Meng 秦:Qin 侯:Hou 薛:Xue",
  "雷:Lei 党:Dang 屈:Qu 段:Duan 武:Wu 康:Kang 贺:He 闫:Yan",
);

const FEMALE: readonly (readonly [string, string])[] = table(
  "秀:xiu 英:ying 兰:lan 芳:fang 娟:juan 梅:mei 玲:ling 桂:gui 珍:zhen 霞:xia 丽:li 萍:ping",
  "艳:yan 红:hong 琴:qin 凤:feng 云:yun 莲:lian 敏:min 静:jing 婷:ting 雪:xue 燕:yan 慧:hui",
  "淑:shu 翠:cui 花:hua 晓:xiao 丹:dan 欣:xin 琳:lin 爱:ai 荣:rong 香:xiang",
);

const MALE: readonly (readonly [string, string])[] = table(
  "建:jian 国:guo 军:jun 明:ming 强:qiang 伟:wei 平:ping 华:hua 文:wen 志:zhi 勇:yong 斌:bin",
  "海:hai 涛:tao 峰:feng 刚:gang 杰:jie 磊:lei 鹏:peng 林:lin 波:bo 辉:hui 宏:hong 亮:liang",
  "成:cheng 安:an 民:min 新:xin 春:chun 生:sheng 德:de 荣:rong 宇:yu 浩:hao 博:bo 利:li",
);

/** The people of the seed article (and its reporters): never generated. */
const EXCLUDED = new Set(["陈娟娟", "韩尚军", "李秋莲", "赵西平", "顾月花", "侯雅静", "刘居星", "郭北京"]);

/** A synthetic person's name in Chinese and pinyin. */
export interface PersonName {
  zh: string;
  en: string;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Joins given-name syllables, with an apostrophe before a syllable that starts with a, o or e. */
function joinSyllables(syllables: readonly string[]): string {
  return capitalise(syllables.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join(""));
}

/** Draws a synthetic name. */
export function personName(r: Rng, gender: "female" | "male"): PersonName {
  const pool = gender === "female" ? FEMALE : MALE;
  for (;;) {
    const [sz, se] = r.pick(SURNAMES);
    const n = r.chance(0.72) ? 2 : 1;
    const given = [r.pick(pool)];
    if (n === 2) {
      let second = r.pick(pool);
      while (second[0] === given[0]![0]) second = r.pick(pool);
      given.push(second);
    }
    const zh = sz + given.map((g) => g[0]).join("");
    if (EXCLUDED.has(zh)) continue;
    return { zh, en: `${se} ${joinSyllables(given.map((g) => g[1]))}` };
  }
}

/** Made-up brand words for organisation names. */
export const BRANDS: readonly (readonly [string, string])[] = table(
  "华源:Huayuan 鑫盛:Xinsheng 恒通:Hengtong 金鼎:Jinding 瑞丰:Ruifeng 宏达:Hongda 永泰:Yongtai 德润:Derun",
  "康宁:Kangning 益民:Yimin 顺通:Shuntong 天诚:Tiancheng 众和:Zhonghe 佳美:Jiamei 新秦:Xinqin 兴华:Xinghua",
  "福瑞:Furui 嘉禾:Jiahe 泰和:Taihe 和顺:Heshun 润泽:Runze 博远:Boyuan 聚鑫:Juxin 丰禾:Fenghe",
  "明德:Mingde 惠邻:Huilin 康泰:Kangtai 耀华:Yaohua 川润:Chuanrun 漆水:Qishui 玉华:Yuhua 锦川:Jinchuan",
  "安和:Anhe 祥瑞:Xiangrui 诚信:Chengxin 万家:Wanjia 邻里:Linli 同心:Tongxin 馨苑:Xinyuan 乐居:Leju",
  "惠康:Huikang 百顺:Baishun 盛达:Shengda 通达:Tongda 正兴:Zhengxing 华康:Huakang 同仁:Tongren 善和:Shanhe",
  "常乐:Changle 宜家:Yijia 金川:Jinchuan 秦川:Qinchuan 暖阳:Nuanyang 晨曦:Chenxi 春晖:Chunhui 厚德:Houde",
  "立信:Lixin 清泉:Qingquan 绿洲:Lüzhou 北塬:Beiyuan",
);

/** `{ zh, en }` for a localised text. */
export function text(zh: string, en: string): LocalizedText {
  return { zh, en };
}
