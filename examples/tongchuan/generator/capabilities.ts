/** The capabilities vocabulary: what resources offer and service items need. */
import type { Capability } from "@lianxin/core";

const cap = (code: string, zh: string, en: string): Capability => ({ code, name: { zh, en } });

export const CAPABILITIES: Capability[] = [
  cap("proxy-shopping", "代购生活物资", "Buying daily supplies"),
  cap("proxy-medicine", "代购药品", "Buying medicine"),
  cap("home-delivery", "送货上门", "Home delivery"),
  cap("medical-escort", "陪同就医", "Medical escort"),
  cap("bill-payment", "代缴费用", "Paying bills"),
  cap("social-insurance-proxy", "社保代办", "Social insurance on a resident's behalf"),
  cap("pension-certification", "养老认证", "Pension qualification certification"),
  cap("medical-insurance-proxy", "医保代办", "Medical insurance on a resident's behalf"),
  cap("relief-application", "救助申请代办", "Social assistance applications"),
  cap("document-proxy", "证照代办", "Certificates and documents on a resident's behalf"),
  cap("elder-care", "养老照护", "Elderly care"),
  cap("meal-assistance", "老年助餐", "Meals for older people"),
  cap("disability-support", "助残服务", "Disability support"),
  cap("child-care", "儿童关爱", "Care for children"),
  cap("visiting", "走访探视", "Home visits"),
  cap("psychological-counselling", "心理疏导", "Psychological counselling"),
  cap("health-service", "健康服务", "Health services"),
  cap("legal-aid", "法律援助", "Legal aid"),
  cap("legal-consultation", "法律咨询", "Legal advice"),
  cap("mediation", "矛盾纠纷调解", "Dispute mediation"),
  cap("policy-consultation", "政策咨询", "Policy advice"),
  cap("employment-service", "就业服务", "Employment services"),
  cap("home-repair", "家庭维修", "Home repairs"),
  cap("gas-safety", "燃气安全", "Gas safety"),
  cap("fire-safety", "消防安全", "Fire safety"),
  cap("sanitation", "环境卫生", "Sanitation"),
  cap("environmental-inspection", "环境巡查", "Environmental inspection"),
  cap("security-patrol", "治安巡逻", "Security patrols"),
  cap("information-collection", "信息采集", "Information collection"),
  cap("hazard-reporting", "隐患排查上报", "Hazard checks and reporting"),
  cap("complaint-intake", "诉求受理转办", "Taking and forwarding complaints"),
  cap("property-management", "物业服务", "Property management"),
  cap("transport", "接送出行", "Transport"),
  cap("venue-space", "场地提供", "Venue space"),
  cap("relief-funding", "救助资金", "Relief funding"),
  cap("emergency-response", "应急处置", "Emergency response"),
  cap("housing-consultation", "住房咨询", "Housing advice"),
  cap("market-inspection", "市场监管协查", "Market inspection"),
];

/** The set of capability codes. */
export const CAPABILITY_CODES = new Set(CAPABILITIES.map((c) => c.code));
