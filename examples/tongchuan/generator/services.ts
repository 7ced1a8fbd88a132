/**
 * The services list (服务清单): 100+ items across the twelve domains, most of them proxy services
 * (代办) done by grid workers, party members and volunteers of the 红色代办 teams. Item codes are
 * `DB-<domain>-NNN` for proxy items (代办) and `FW-<domain>-NNN` for the others (服务), numbered
 * in the order of this file.
 */
import type { HandlerRole, IntakeAttribute, LocalizedText, ServiceItem } from "@lianxin/core";
import { DOMAIN_ABBR } from "./domains.js";
import { POLICY, POLICY_PROMISE } from "./policies.js";

const D = {
  id: { zh: "居民身份证", en: "Resident identity card" },
  hukou: { zh: "户口簿", en: "Household register (hukou booklet)" },
  ssCard: { zh: "社会保障卡", en: "Social security card" },
  miCode: { zh: "医保电子凭证或社会保障卡", en: "Medical insurance e-voucher or social security card" },
  disability: { zh: "残疾人证", en: "Disability certificate" },
  income: { zh: "家庭收入和财产情况说明", en: "Statement of household income and assets" },
  hardship: { zh: "困难情况说明及相关证明材料", en: "Description of the hardship and supporting evidence" },
  application: {
    zh: "申请书（可由网格员协助填写）",
    en: "Application form (the grid worker can help fill it in)",
  },
  authorisation: { zh: "授权委托书", en: "Letter of authorisation" },
  photo: { zh: "近期免冠照片", en: "Recent passport-style photo" },
  prescription: { zh: "处方、病历或药盒", en: "Prescription, medical record or the medicine box" },
  invoices: { zh: "医疗费用票据及费用清单", en: "Medical invoices and itemised bills" },
  discharge: { zh: "出院记录或诊断证明", en: "Discharge summary or diagnosis certificate" },
  residence: { zh: "合法稳定住所证明（房产证或租赁合同）", en: "Proof of residence (title deed or lease)" },
  contract: { zh: "劳动合同或用工证明", en: "Labour contract or proof of employment" },
  bank: { zh: "本人银行卡或存折", en: "The applicant's bank card or passbook" },
  birth: { zh: "出生医学证明", en: "Medical birth certificate" },
  marriage: { zh: "结婚证", en: "Marriage certificate" },
  deed: { zh: "房屋产权证明", en: "Proof of property ownership" },
  evidence: { zh: "照片、视频等现场材料（如有）", en: "Photos or video of the site (if any)" },
  graduate: { zh: "毕业证书", en: "Graduation certificate" },
} satisfies Record<string, LocalizedText>;

type Doc = keyof typeof D;

const yesNo = [
  { key: "yes", name: { zh: "是", en: "Yes" } },
  { key: "no", name: { zh: "否", en: "No" } },
];

function values(...pairs: [string, string, string][]): NonNullable<IntakeAttribute["values"]> {
  return pairs.map(([key, zh, en]) => ({ key, name: { zh, en } }));
}

function attr(
  code: string,
  datatype: IntakeAttribute["datatype"],
  required: boolean,
  zh: string,
  en: string,
  vals?: IntakeAttribute["values"],
): IntakeAttribute {
  return vals
    ? { code, datatype, required, description: { zh, en }, values: vals }
    : { code, datatype, required, description: { zh, en } };
}

interface ItemSpec {
  zh: string;
  en: string;
  domain: string;
  category: string;
  proxy: boolean;
  caps: string[];
  policy: string;
  handler: HandlerRole;
  kw?: string[];
  docs?: Doc[];
  elig?: [string, string];
  attrs?: IntakeAttribute[];
  desc?: string;
}

const S: ItemSpec[] = [];
/** Adds an item. `p` = proxy. */
function add(
  domain: string,
  category: string,
  p: boolean,
  zh: string,
  en: string,
  caps: string[],
  policy: string,
  handler: HandlerRole,
  more: Partial<Pick<ItemSpec, "kw" | "docs" | "elig" | "attrs" | "desc">> = {},
): void {
  S.push({ zh, en, domain, category, proxy: p, caps, policy, handler, ...more });
}

// ——— civil affairs (民政): daily life, social assistance, elderly, disability, children ———
add(
  "civil-affairs",
  "daily-life",
  true,
  "代购生活物资",
  "Buy daily supplies for the resident",
  ["proxy-shopping", "home-delivery"],
  POLICY.proxy1,
  "grid-worker",
  {
    kw: ["代购", "买菜", "生活用品", "米面油", "红色代办"],
    desc: "为行动不便、独居、高龄等居民代购米面油、蔬菜和日用品并送货上门。",
    attrs: [
      attr("items", "text", true, "需要购买的物品和数量", "What to buy, and how much"),
      attr("budget", "number", false, "预算（元）", "Budget (yuan)"),
      attr("delivery-time", "datetime", false, "希望送达的时间", "Preferred delivery time"),
    ],
  },
);
add(
  "civil-affairs",
  "social-assistance",
  true,
  "申请临时救助",
  "Apply for temporary relief",
  ["relief-application"],
  POLICY.general,
  "community-staff",
  {
    kw: ["临时救助", "急难", "救助", "困难"],
    docs: ["id", "hukou", "hardship", "bank", "authorisation"],
    elig: [
      "低保家庭、低收入家庭，或因火灾、交通事故、突发重大疾病等遭遇突发困难、基本生活暂时陷入困境的家庭和个人",
      "Subsistence-allowance or low-income households, or households and people whose basic living is temporarily in difficulty after a sudden hardship (fire, accident, serious illness ...)",
    ],
    attrs: [
      attr(
        "hardship-type",
        "singlevaluelist",
        true,
        "困难类型",
        "Kind of hardship",
        values(
          ["illness", "突发重大疾病", "Sudden serious illness"],
          ["accident", "意外事故", "Accident"],
          ["disaster", "火灾或自然灾害", "Fire or natural disaster"],
          ["other", "其他", "Other"],
        ),
      ),
      attr("household-size", "number", false, "家庭人口数", "Household size"),
    ],
  },
);
add(
  "civil-affairs",
  "social-assistance",
  true,
  "低保申请",
  "Apply for the minimum living allowance (dibao)",
  ["relief-application"],
  POLICY.complex,
  "street-office",
  {
    kw: ["低保", "最低生活保障", "困难家庭"],
    docs: ["id", "hukou", "income", "application", "bank"],
    elig: [
      "共同生活的家庭成员人均收入低于当地低保标准且财产状况符合规定的本市户籍家庭",
      "Registered households whose per-capita income is below the local dibao line and whose assets meet the rules",
    ],
  },
);
add(
  "civil-affairs",
  "social-assistance",
  true,
  "特困人员救助供养申请",
  "Apply for extreme-poverty support",
  ["relief-application"],
  POLICY.complex,
  "street-office",
  {
    kw: ["特困", "五保", "供养"],
    docs: ["id", "hukou", "income", "application"],
    elig: [
      "无劳动能力、无生活来源、无法定赡养抚养扶养义务人或其义务人无履行能力的老年人、残疾人和未成年人",
      "Older people, people with disabilities and minors with no capacity to work, no income and no one able to support them",
    ],
  },
);
add(
  "civil-affairs",
  "social-assistance",
  true,
  "低收入家庭认定申请",
  "Apply for low-income household recognition",
  ["relief-application"],
  POLICY.complex,
  "street-office",
  {
    kw: ["低收入", "认定", "低边"],
    docs: ["id", "hukou", "income", "application"],
  },
);
add(
  "civil-affairs",
  "elderly-care",
  true,
  "高龄津贴申领",
  "Claim the old-age allowance",
  ["relief-application", "document-proxy"],
  POLICY.general,
  "community-staff",
  {
    kw: ["高龄", "津贴", "高龄补贴", "80岁"],
    docs: ["id", "hukou", "bank", "authorisation"],
    elig: ["年满80周岁的本市户籍老年人", "Registered residents aged 80 or over"],
  },
);
add(
  "civil-affairs",
  "elderly-care",
  true,
  "老年人优待证办理",
  "Apply for the senior citizen's card",
  ["document-proxy"],
  POLICY.general,
  "community-staff",
  {
    kw: ["老年证", "优待证", "乘车"],
    docs: ["id", "photo"],
    elig: ["年满60周岁的老年人", "People aged 60 or over"],
  },
);
add(
  "civil-affairs",
  "elderly-care",
  true,
  "养老服务补贴申请",
  "Apply for the elderly care service subsidy",
  ["relief-application"],
  POLICY.complement,
  "community-staff",
  {
    kw: ["养老补贴", "护理补贴", "失能"],
    docs: ["id", "hukou", "income", "application"],
    elig: [
      "经济困难的高龄、失能、独居老年人",
      "Older people in financial difficulty who are very old, disabled or living alone",
    ],
  },
);
add(
  "civil-affairs",
  "elderly-care",
  true,
  "居家养老上门服务预约",
  "Book home-based elderly care visits",
  ["elder-care"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["居家养老", "上门服务", "助浴", "助洁"],
  },
);
add(
  "civil-affairs",
  "elderly-care",
  true,
  "老年助餐服务",
  "Arrange meals for older people",
  ["meal-assistance", "home-delivery"],
  POLICY.proxy1,
  "grid-worker",
  {
    kw: ["助餐", "老年餐", "送餐", "食堂"],
  },
);
add(
  "civil-affairs",
  "elderly-care",
  false,
  "日间照料中心入托咨询",
  "Day-care centre enrolment advice",
  ["policy-consultation", "elder-care"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["日间照料", "托老", "养老驿站"],
  },
);
add(
  "civil-affairs",
  "elderly-care",
  false,
  "独居老人定期探访",
  "Regular visits to older people living alone",
  ["visiting"],
  POLICY.general,
  "grid-worker",
  {
    kw: ["探访", "独居", "空巢", "关爱"],
  },
);
add(
  "civil-affairs",
  "elderly-care",
  true,
  "老年人能力评估申请",
  "Apply for an assessment of an older person's abilities",
  ["elder-care", "document-proxy"],
  POLICY.complement,
  "street-office",
  {
    kw: ["能力评估", "失能评估"],
    docs: ["id", "discharge"],
  },
);
add(
  "civil-affairs",
  "elderly-care",
  true,
  "适老化改造申请",
  "Apply for age-friendly home modification",
  ["home-repair", "relief-application"],
  POLICY.complex,
  "street-office",
  {
    kw: ["适老化", "扶手", "防滑", "改造"],
    docs: ["id", "deed", "application"],
    elig: [
      "特殊困难老年人家庭（低保、特困、低收入中的高龄、失能、残疾老年人）",
      "Households of older people in special difficulty (very old, disabled, on dibao or low income)",
    ],
  },
);
add(
  "civil-affairs",
  "disability",
  true,
  "残疾人证办理",
  "Apply for a disability certificate",
  ["document-proxy", "disability-support"],
  POLICY.complex,
  "community-staff",
  {
    kw: ["残疾证", "评残", "残联"],
    docs: ["id", "hukou", "photo", "discharge"],
  },
);
add(
  "civil-affairs",
  "disability",
  true,
  "残疾人两项补贴申请",
  "Apply for the disability living and nursing subsidies",
  ["relief-application", "disability-support"],
  POLICY.complement,
  "community-staff",
  {
    kw: ["两项补贴", "困难残疾人生活补贴", "重度残疾人护理补贴"],
    docs: ["id", "disability", "bank", "application"],
    elig: [
      "困难残疾人（生活补贴）；一、二级及部分三、四级重度残疾人（护理补贴）",
      "People with disabilities in difficulty (living subsidy); people with severe disabilities (nursing subsidy)",
    ],
  },
);
add(
  "civil-affairs",
  "disability",
  true,
  "辅助器具适配申请",
  "Apply for assistive devices",
  ["disability-support"],
  POLICY.complement,
  "community-staff",
  {
    kw: ["轮椅", "助行器", "辅具"],
    docs: ["id", "disability"],
  },
);
add(
  "civil-affairs",
  "child-welfare",
  false,
  "困境儿童关爱帮扶",
  "Support for children in difficulty",
  ["child-care", "visiting"],
  POLICY.general,
  "community-staff",
  {
    kw: ["困境儿童", "留守儿童", "关爱"],
  },
);
add(
  "civil-affairs",
  "child-welfare",
  true,
  "孤儿基本生活保障金申请",
  "Apply for the orphans' basic living allowance",
  ["relief-application", "child-care"],
  POLICY.complex,
  "street-office",
  {
    kw: ["孤儿", "事实无人抚养"],
    docs: ["hukou", "application"],
  },
);
add(
  "civil-affairs",
  "daily-life",
  true,
  "代缴水电燃气费",
  "Pay water, power and gas bills",
  ["bill-payment"],
  POLICY.proxy1,
  "grid-worker",
  {
    kw: ["水费", "电费", "燃气费", "代缴"],
    attrs: [
      attr(
        "bills",
        "multivaluelist",
        true,
        "需缴纳的费用",
        "Bills to pay",
        values(
          ["water", "水费", "Water"],
          ["power", "电费", "Power"],
          ["gas", "燃气费", "Gas"],
          ["heating", "暖气费", "Heating"],
        ),
      ),
    ],
  },
);
add(
  "civil-affairs",
  "daily-life",
  true,
  "代取快递包裹",
  "Collect parcels",
  ["home-delivery"],
  POLICY.proxy1,
  "grid-worker",
  {
    kw: ["快递", "包裹", "取件"],
  },
);
add(
  "civil-affairs",
  "daily-life",
  true,
  "家政保洁服务对接",
  "Find housekeeping and cleaning services",
  ["sanitation", "elder-care"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["家政", "保洁", "保姆"],
  },
);
add(
  "civil-affairs",
  "marriage-funeral",
  false,
  "婚姻登记预约咨询",
  "Marriage registration appointments and advice",
  ["policy-consultation"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["结婚", "离婚", "婚姻登记"],
  },
);
add(
  "civil-affairs",
  "marriage-funeral",
  true,
  "惠民殡葬补贴申领",
  "Claim the basic funeral subsidy",
  ["relief-application"],
  POLICY.complement,
  "community-staff",
  {
    kw: ["殡葬", "丧葬", "火化"],
    docs: ["id", "hukou", "authorisation"],
  },
);
add(
  "civil-affairs",
  "social-assistance",
  true,
  "慈善救助申请",
  "Apply for charitable assistance",
  ["relief-application"],
  POLICY.complement,
  "community-staff",
  {
    kw: ["慈善", "微心愿", "帮扶"],
    docs: ["id", "hardship"],
  },
);

// ——— health (卫生健康) ———
add(
  "health",
  "health",
  true,
  "代购药品（购药送药）",
  "Buy and deliver medicine",
  ["proxy-medicine", "home-delivery"],
  POLICY.medicine,
  "grid-worker",
  {
    kw: ["代购药品", "购药", "送药", "买药", "胃药", "慢病用药"],
    desc: "为行动不便的居民代购药品、定期送药上门并讲解用药注意事项。",
    docs: ["prescription", "miCode"],
    attrs: [
      attr("medicine", "string", true, "药品名称和数量", "Medicine and quantity"),
      attr("prescription", "singlevaluelist", true, "是否为处方药", "Is it a prescription medicine?", yesNo),
      attr(
        "recurring",
        "singlevaluelist",
        false,
        "是否需要定期代购",
        "Should it be bought regularly?",
        yesNo,
      ),
      attr("delivery-time", "datetime", false, "希望送达的时间", "Preferred delivery time"),
    ],
  },
);
add(
  "health",
  "health",
  true,
  "陪同就医",
  "Medical escort",
  ["medical-escort", "transport"],
  POLICY.proxy1,
  "grid-worker",
  {
    kw: ["陪诊", "陪同就医", "看病", "医院"],
    attrs: [
      attr(
        "hospital",
        "singlevaluelist",
        true,
        "就诊医院",
        "Hospital",
        values(
          ["city-hospital", "市级综合医院", "City general hospital"],
          ["tcm-hospital", "中医医院", "TCM hospital"],
          ["district-hospital", "区县医院", "District or county hospital"],
          ["community-health-centre", "社区卫生服务中心", "Community health centre"],
        ),
      ),
      attr("appointment", "datetime", true, "就诊时间", "Appointment time"),
      attr("wheelchair", "singlevaluelist", false, "是否需要轮椅", "Is a wheelchair needed?", yesNo),
    ],
  },
);
add(
  "health",
  "health",
  true,
  "预约挂号代办",
  "Book hospital appointments",
  ["medical-escort"],
  POLICY.proxy1,
  "grid-worker",
  {
    kw: ["挂号", "预约", "专家号"],
    docs: ["id", "miCode"],
  },
);
add(
  "health",
  "health",
  true,
  "家庭医生签约",
  "Sign up with a family doctor",
  ["health-service"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["家庭医生", "签约", "家医"],
    docs: ["id"],
  },
);
add(
  "health",
  "health",
  false,
  "慢性病随访",
  "Chronic disease follow-up",
  ["health-service", "visiting"],
  POLICY.general,
  "community-staff",
  {
    kw: ["高血压", "糖尿病", "随访", "慢病"],
  },
);
add(
  "health",
  "health",
  true,
  "老年人免费健康体检预约",
  "Book the free health check for people 65+",
  ["health-service"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["体检", "65岁", "健康管理"],
    elig: ["年满65周岁的常住居民", "Permanent residents aged 65 or over"],
  },
);
add(
  "health",
  "health",
  false,
  "上门巡诊服务",
  "Home medical visits",
  ["health-service"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["巡诊", "上门看病", "出诊"],
  },
);
add(
  "health",
  "health",
  true,
  "病历复印代办",
  "Obtain copies of medical records",
  ["document-proxy"],
  POLICY.proxy3,
  "grid-worker",
  {
    kw: ["病历", "复印", "病案"],
    docs: ["id", "authorisation"],
  },
);
add(
  "health",
  "health",
  true,
  "疫苗接种预约",
  "Book vaccinations",
  ["health-service"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["疫苗", "接种", "流感"],
  },
);
add(
  "health",
  "health",
  false,
  "心理健康疏导",
  "Psychological support",
  ["psychological-counselling"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["心理", "疏导", "焦虑", "抑郁"],
  },
);
add(
  "health",
  "family-planning",
  true,
  "计划生育特别扶助申请",
  "Apply for family planning special assistance",
  ["relief-application"],
  POLICY.complement,
  "street-office",
  {
    kw: ["计生", "失独", "特扶"],
    docs: ["id", "hukou", "application"],
  },
);
add(
  "health",
  "family-planning",
  false,
  "出生医学证明办理咨询",
  "Advice on medical birth certificates",
  ["policy-consultation"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["出生证", "新生儿"],
  },
);

// ——— medical security (医疗保障) ———
add(
  "medical-security",
  "medical-insurance",
  true,
  "医保报销代办",
  "File medical insurance reimbursement claims",
  ["medical-insurance-proxy"],
  POLICY.complement,
  "grid-worker",
  {
    kw: ["报销", "医保", "医疗费"],
    docs: ["id", "miCode", "invoices", "discharge", "bank", "authorisation"],
  },
);
add(
  "medical-security",
  "medical-insurance",
  true,
  "城乡居民医保参保缴费",
  "Pay urban and rural resident medical insurance",
  ["medical-insurance-proxy", "bill-payment"],
  POLICY.proxy3,
  "grid-worker",
  {
    kw: ["医保缴费", "居民医保", "参保"],
    docs: ["id"],
  },
);
add(
  "medical-security",
  "medical-insurance",
  true,
  "异地就医备案",
  "Register for medical treatment in another region",
  ["medical-insurance-proxy"],
  POLICY.proxy3,
  "grid-worker",
  {
    kw: ["异地就医", "备案", "转诊"],
    docs: ["id", "miCode"],
  },
);
add(
  "medical-security",
  "medical-insurance",
  true,
  "门诊慢特病待遇申请",
  "Apply for outpatient chronic and special disease benefits",
  ["medical-insurance-proxy"],
  POLICY.complement,
  "community-staff",
  {
    kw: ["慢特病", "门诊", "慢病卡"],
    docs: ["id", "miCode", "discharge"],
  },
);
add(
  "medical-security",
  "medical-insurance",
  true,
  "医疗救助申请",
  "Apply for medical assistance",
  ["medical-insurance-proxy", "relief-application"],
  POLICY.complement,
  "community-staff",
  {
    kw: ["医疗救助", "大病", "二次报销"],
    docs: ["id", "invoices", "bank"],
    elig: [
      "低保对象、特困人员、低收入人口及因病致贫重病患者",
      "Dibao recipients, people in extreme poverty, low-income people and patients impoverished by illness",
    ],
  },
);
add(
  "medical-security",
  "medical-insurance",
  true,
  "医保电子凭证激活协助",
  "Help activating the medical insurance e-voucher",
  ["medical-insurance-proxy"],
  POLICY.proxy1,
  "grid-worker",
  {
    kw: ["电子凭证", "医保码", "激活"],
  },
);
add(
  "medical-security",
  "medical-insurance",
  true,
  "医保关系转移接续",
  "Transfer medical insurance between regions",
  ["medical-insurance-proxy"],
  POLICY.complement,
  "community-staff",
  {
    kw: ["转移", "接续", "医保关系"],
    docs: ["id"],
  },
);
add(
  "medical-security",
  "medical-insurance",
  true,
  "职工医保个人账户家庭共济绑定",
  "Link family members to the employee medical account",
  ["medical-insurance-proxy"],
  POLICY.proxy3,
  "grid-worker",
  {
    kw: ["家庭共济", "个人账户"],
    docs: ["id", "hukou"],
  },
);
add(
  "medical-security",
  "medical-insurance",
  false,
  "医保政策咨询",
  "Medical insurance advice",
  ["policy-consultation"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["医保政策", "报销比例", "起付线"],
  },
);

// ——— human resources and social security (人社) ———
add(
  "human-resources-social-security",
  "social-insurance",
  true,
  "社保缴费",
  "Pay social insurance contributions",
  ["social-insurance-proxy", "bill-payment"],
  POLICY.proxy3,
  "grid-worker",
  {
    kw: ["社保缴费", "养老保险", "城乡居民养老保险", "缴费"],
    docs: ["id", "ssCard"],
    attrs: [
      attr(
        "insurance",
        "singlevaluelist",
        true,
        "险种",
        "Insurance",
        values(
          ["resident-pension", "城乡居民基本养老保险", "Urban and rural resident pension insurance"],
          ["flexible-pension", "灵活就业人员养老保险", "Pension insurance for flexible workers"],
          ["resident-medical", "城乡居民医疗保险", "Resident medical insurance"],
        ),
      ),
      attr("grade", "number", false, "缴费档次（元/年）", "Contribution grade (yuan a year)"),
    ],
  },
);
add(
  "human-resources-social-security",
  "social-insurance",
  true,
  "养老认证",
  "Pension qualification certification",
  ["pension-certification"],
  POLICY.proxy3,
  "grid-worker",
  {
    kw: ["养老认证", "资格认证", "生存认证", "刷脸"],
    docs: ["id", "ssCard"],
    attrs: [
      attr(
        "method",
        "singlevaluelist",
        false,
        "认证方式",
        "How to certify",
        values(["home", "上门认证", "Home visit"], ["app", "手机人脸识别", "Face recognition on a phone"]),
      ),
    ],
  },
);
add(
  "human-resources-social-security",
  "social-insurance",
  true,
  "灵活就业社保",
  "Social insurance for flexible workers",
  ["social-insurance-proxy"],
  POLICY.proxy3,
  "grid-worker",
  {
    kw: ["灵活就业", "个体", "参保登记"],
    docs: ["id", "ssCard"],
  },
);
add(
  "human-resources-social-security",
  "social-insurance",
  true,
  "城乡居民养老保险参保登记",
  "Enrol in resident pension insurance",
  ["social-insurance-proxy"],
  POLICY.proxy3,
  "grid-worker",
  {
    kw: ["参保登记", "城乡居民养老"],
    docs: ["id", "hukou"],
  },
);
add(
  "human-resources-social-security",
  "social-insurance",
  true,
  "养老金待遇申领",
  "Claim pension benefits",
  ["social-insurance-proxy"],
  POLICY.complement,
  "community-staff",
  {
    kw: ["退休", "养老金", "待遇领取"],
    docs: ["id", "ssCard", "bank"],
  },
);
add(
  "human-resources-social-security",
  "social-insurance",
  true,
  "社保卡申领和补换",
  "Apply for or replace a social security card",
  ["document-proxy", "social-insurance-proxy"],
  POLICY.general,
  "grid-worker",
  {
    kw: ["社保卡", "补卡", "换卡"],
    docs: ["id", "photo"],
  },
);
add(
  "human-resources-social-security",
  "social-insurance",
  true,
  "参保证明打印",
  "Print proof of insurance",
  ["social-insurance-proxy", "document-proxy"],
  POLICY.proxy1,
  "grid-worker",
  {
    kw: ["参保证明", "缴费记录", "打印"],
    docs: ["id"],
  },
);
add(
  "human-resources-social-security",
  "social-insurance",
  true,
  "丧葬补助金和抚恤金申领",
  "Claim funeral grants and survivor pensions",
  ["social-insurance-proxy"],
  POLICY.complement,
  "community-staff",
  {
    kw: ["丧葬费", "抚恤金", "遗属"],
    docs: ["id", "hukou", "bank"],
  },
);
add(
  "human-resources-social-security",
  "employment",
  true,
  "就业登记",
  "Employment registration",
  ["employment-service"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["就业登记", "就业创业证"],
    docs: ["id", "contract"],
  },
);
add(
  "human-resources-social-security",
  "employment",
  true,
  "失业登记和失业保险金申领",
  "Register unemployment and claim unemployment benefit",
  ["employment-service"],
  POLICY.general,
  "community-staff",
  {
    kw: ["失业", "失业金", "失业登记"],
    docs: ["id", "bank"],
  },
);
add(
  "human-resources-social-security",
  "employment",
  true,
  "职业技能培训报名",
  "Enrol in vocational training",
  ["employment-service"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["技能培训", "培训补贴"],
  },
);
add(
  "human-resources-social-security",
  "employment",
  true,
  "就业困难人员认定",
  "Apply for recognition as hard to employ",
  ["employment-service"],
  POLICY.complement,
  "street-office",
  {
    kw: ["就业困难", "认定", "援助"],
    docs: ["id", "hukou"],
  },
);
add(
  "human-resources-social-security",
  "employment",
  true,
  "公益性岗位申请",
  "Apply for a public-welfare job",
  ["employment-service"],
  POLICY.complement,
  "street-office",
  {
    kw: ["公益岗", "托底安置"],
    elig: ["就业困难人员和零就业家庭成员", "Hard-to-employ people and members of zero-employment households"],
  },
);
add(
  "human-resources-social-security",
  "employment",
  false,
  "创业担保贷款咨询",
  "Advice on start-up guaranteed loans",
  ["policy-consultation", "employment-service"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["创业", "贷款", "贴息"],
  },
);
add(
  "human-resources-social-security",
  "employment",
  true,
  "高校毕业生就业服务",
  "Employment services for graduates",
  ["employment-service"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["毕业生", "档案", "报到"],
    docs: ["id", "graduate"],
  },
);
add(
  "human-resources-social-security",
  "labour-rights",
  true,
  "欠薪投诉",
  "Unpaid wages complaint",
  ["complaint-intake"],
  POLICY.general,
  "district-department",
  {
    kw: ["欠薪", "拖欠工资", "劳动监察"],
    docs: ["id", "contract", "evidence"],
  },
);

// ——— public security (公安) ———
add(
  "public-security",
  "household-registration",
  true,
  "居住证办理",
  "Apply for a residence permit",
  ["document-proxy"],
  POLICY.complex,
  "grid-worker",
  {
    kw: ["居住证", "流动人口", "暂住"],
    docs: ["id", "photo", "residence"],
    elig: [
      "离开常住户口所在地、在本市居住半年以上并有合法稳定就业、住所或连续就读之一的人员",
      "People living here for six months or more away from their hukou, with a stable job, home or study place",
    ],
  },
);
add(
  "public-security",
  "household-registration",
  true,
  "老年人身份证上门办理",
  "ID card at home for older people who cannot go out",
  ["document-proxy"],
  POLICY.general,
  "community-staff",
  {
    kw: ["身份证", "上门办证", "行动不便"],
    docs: ["hukou"],
  },
);
add(
  "public-security",
  "household-registration",
  false,
  "户口迁移咨询",
  "Advice on moving a household registration",
  ["policy-consultation"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["户口", "迁移", "落户"],
  },
);
add(
  "public-security",
  "household-registration",
  true,
  "新生儿出生登记",
  "Register a newborn",
  ["document-proxy"],
  POLICY.general,
  "community-staff",
  {
    kw: ["落户", "上户口", "出生登记"],
    docs: ["birth", "hukou", "marriage"],
  },
);
add(
  "public-security",
  "household-registration",
  true,
  "身份证补领预约",
  "Book an ID card replacement",
  ["document-proxy"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["身份证", "补领", "丢失"],
  },
);
add(
  "public-security",
  "household-registration",
  false,
  "无犯罪记录证明开具",
  "Certificate of no criminal record",
  ["document-proxy"],
  POLICY.general,
  "district-department",
  {
    kw: ["无犯罪记录", "证明"],
    docs: ["id"],
  },
);
add(
  "public-security",
  "population",
  false,
  "流动人口信息登记",
  "Register migrant residents",
  ["information-collection"],
  POLICY.proxy3,
  "grid-worker",
  {
    kw: ["流动人口", "登记", "租户"],
  },
);
add(
  "public-security",
  "population",
  true,
  "出租房屋登记",
  "Register rental housing",
  ["information-collection"],
  POLICY.proxy3,
  "grid-worker",
  {
    kw: ["出租屋", "房东", "租赁登记"],
    docs: ["deed", "id"],
  },
);
add(
  "public-security",
  "public-safety",
  false,
  "治安隐患报告",
  "Report a public security hazard",
  ["hazard-reporting", "security-patrol"],
  POLICY.utility,
  "grid-worker",
  {
    kw: ["治安", "可疑", "盗窃", "隐患"],
  },
);
add(
  "public-security",
  "public-safety",
  false,
  "防范电信网络诈骗宣传预约",
  "Book anti-fraud talks",
  ["policy-consultation"],
  POLICY.general,
  "community-staff",
  {
    kw: ["防诈骗", "反诈", "宣传"],
  },
);

// ——— political-legal (政法综治) ———
add(
  "political-legal",
  "dispute-resolution",
  false,
  "矛盾纠纷调解",
  "Dispute mediation",
  ["mediation"],
  POLICY.general,
  "community-staff",
  {
    kw: ["矛盾", "纠纷", "调解", "邻里"],
    attrs: [
      attr(
        "dispute-type",
        "singlevaluelist",
        true,
        "纠纷类型",
        "Kind of dispute",
        values(
          ["neighbour", "邻里纠纷", "Between neighbours"],
          ["family", "家庭婚姻纠纷", "Family or marriage"],
          ["property", "物业纠纷", "Property management"],
          ["labour", "劳资纠纷", "Labour"],
          ["other", "其他", "Other"],
        ),
      ),
      attr("parties", "number", false, "当事人数", "Number of parties"),
    ],
  },
);
add(
  "political-legal",
  "dispute-resolution",
  false,
  "物业纠纷调解",
  "Property management dispute mediation",
  ["mediation", "property-management"],
  POLICY.general,
  "community-staff",
  {
    kw: ["物业", "业委会", "纠纷"],
  },
);
add(
  "political-legal",
  "public-safety",
  false,
  "平安隐患排查上报",
  "Report a safety hazard found in the grid",
  ["hazard-reporting"],
  POLICY.general,
  "grid-worker",
  {
    kw: ["隐患", "排查", "平安建设"],
  },
);
add(
  "political-legal",
  "public-safety",
  false,
  "特殊人群关爱帮扶",
  "Care for people under special management",
  ["visiting", "psychological-counselling"],
  POLICY.general,
  "community-staff",
  {
    kw: ["关爱", "帮扶", "特殊人群"],
  },
);
add(
  "political-legal",
  "petitions",
  true,
  "信访事项代办",
  "File a petition on the resident's behalf",
  ["complaint-intake"],
  POLICY.complex,
  "street-office",
  {
    kw: ["信访", "上访", "代办"],
    docs: ["id", "evidence"],
  },
);
add(
  "political-legal",
  "public-safety",
  false,
  "平安志愿巡逻申请",
  "Ask for volunteer safety patrols",
  ["security-patrol"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["巡逻", "平安志愿者", "夜巡"],
  },
);
add(
  "political-legal",
  "grid-affairs",
  false,
  "网格事件上报",
  "Report a grid incident",
  ["complaint-intake"],
  POLICY.general,
  "grid-worker",
  {
    kw: ["网格", "事件", "上报"],
  },
);
add(
  "political-legal",
  "grid-affairs",
  false,
  "综治中心诉求受理",
  "Lodge a request with the governance centre",
  ["complaint-intake"],
  POLICY.general,
  "street-office",
  {
    kw: ["综治中心", "诉求", "受理"],
  },
);

// ——— justice (司法行政) ———
add(
  "justice",
  "legal-services",
  true,
  "法律援助申请",
  "Apply for legal aid",
  ["legal-aid"],
  POLICY.general,
  "district-department",
  {
    kw: ["法律援助", "律师", "打官司"],
    docs: ["id", "income", "evidence", "authorisation"],
    elig: [
      "经济困难的公民，以及法律规定无需审查经济状况的特定案件当事人（如农民工讨薪、工伤赔偿）",
      "Citizens in financial difficulty, and parties to cases exempt from the means test (migrant workers' wages, work injuries ...)",
    ],
  },
);
add(
  "justice",
  "legal-services",
  false,
  "法律咨询",
  "Legal advice",
  ["legal-consultation"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["法律咨询", "律师", "法律顾问"],
  },
);
add(
  "justice",
  "dispute-resolution",
  true,
  "人民调解申请",
  "Apply for people's mediation",
  ["mediation"],
  POLICY.general,
  "community-staff",
  {
    kw: ["人民调解", "调委会"],
  },
);
add(
  "justice",
  "legal-services",
  false,
  "公证办理咨询",
  "Advice on notarisation",
  ["legal-consultation", "policy-consultation"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["公证", "委托公证"],
  },
);
add(
  "justice",
  "legal-services",
  false,
  "遗嘱和赡养协议指导",
  "Help with wills and elder-support agreements",
  ["legal-consultation"],
  POLICY.general,
  "community-staff",
  {
    kw: ["遗嘱", "赡养", "协议"],
  },
);
add(
  "justice",
  "legal-services",
  true,
  "社区法律顾问预约",
  "Book the community's legal adviser",
  ["legal-consultation"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["一社区一法律顾问", "预约"],
  },
);
add(
  "justice",
  "rehabilitation",
  false,
  "安置帮教服务",
  "Resettlement support for released prisoners",
  ["employment-service", "visiting"],
  POLICY.general,
  "street-office",
  {
    kw: ["刑满释放", "帮教", "安置"],
  },
);
add(
  "justice",
  "rehabilitation",
  false,
  "社区矫正对象帮扶",
  "Support for people under community correction",
  ["visiting", "psychological-counselling"],
  POLICY.general,
  "street-office",
  {
    kw: ["社区矫正", "帮扶"],
  },
);

// ——— urban management (城管) ———
add(
  "urban-management",
  "city-appearance",
  true,
  "违章搭建投诉",
  "Illegal construction complaint",
  ["complaint-intake", "environmental-inspection"],
  POLICY.complex,
  "district-department",
  {
    kw: ["违建", "私搭乱建", "违章建筑"],
    docs: ["evidence"],
    attrs: [attr("location-detail", "text", true, "具体位置和搭建情况", "Where it is and what was built")],
  },
);
add(
  "urban-management",
  "city-appearance",
  true,
  "环境卫生",
  "Environmental sanitation problem",
  ["sanitation"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["环境卫生", "脏乱差", "垃圾", "清扫"],
  },
);
add(
  "urban-management",
  "city-appearance",
  true,
  "占道经营投诉",
  "Street vending obstruction complaint",
  ["complaint-intake"],
  POLICY.general,
  "district-department",
  {
    kw: ["占道", "摆摊", "流动摊贩"],
  },
);
add(
  "urban-management",
  "city-appearance",
  false,
  "垃圾清运不及时",
  "Rubbish not collected",
  ["sanitation"],
  POLICY.utility,
  "street-office",
  {
    kw: ["垃圾", "清运", "垃圾桶满"],
  },
);
add(
  "urban-management",
  "city-appearance",
  true,
  "大件垃圾预约清运",
  "Book a bulky waste pick-up",
  ["sanitation"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["大件垃圾", "旧家具"],
  },
);
add(
  "urban-management",
  "municipal-facilities",
  true,
  "路灯损坏报修",
  "Broken street light",
  ["hazard-reporting"],
  POLICY.utility,
  "street-office",
  {
    kw: ["路灯", "不亮", "照明"],
  },
);
add(
  "urban-management",
  "municipal-facilities",
  false,
  "井盖缺失或破损",
  "Missing or broken manhole cover",
  ["hazard-reporting", "emergency-response"],
  POLICY.emergency,
  "district-department",
  {
    kw: ["井盖", "窨井", "塌陷"],
  },
);
add(
  "urban-management",
  "municipal-facilities",
  true,
  "道路破损报修",
  "Damaged road or pavement",
  ["hazard-reporting"],
  POLICY.general,
  "district-department",
  {
    kw: ["道路", "坑洼", "人行道"],
  },
);
add(
  "urban-management",
  "city-appearance",
  false,
  "绿化养护问题",
  "Greenery maintenance problem",
  ["environmental-inspection"],
  POLICY.general,
  "street-office",
  {
    kw: ["绿化", "树木", "修剪"],
  },
);
add(
  "urban-management",
  "city-appearance",
  false,
  "共享单车乱停放",
  "Badly parked shared bicycles",
  ["complaint-intake"],
  POLICY.proxy3,
  "street-office",
  {
    kw: ["共享单车", "乱停"],
  },
);

// ——— housing and construction (住建) ———
add(
  "housing-construction",
  "housing",
  false,
  "老旧小区改造咨询",
  "Advice on old residential area renovation",
  ["housing-consultation", "policy-consultation"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["老旧小区", "改造", "拆墙并院", "加装"],
  },
);
add(
  "housing-construction",
  "utilities",
  true,
  "燃气安全检查",
  "Gas safety inspection",
  ["gas-safety"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["燃气", "安全检查", "软管", "报警器"],
    attrs: [
      attr(
        "appliances",
        "multivaluelist",
        false,
        "燃气器具",
        "Gas appliances",
        values(
          ["stove", "灶具", "Stove"],
          ["water-heater", "热水器", "Water heater"],
          ["boiler", "壁挂炉", "Wall-hung boiler"],
        ),
      ),
    ],
  },
);
add(
  "housing-construction",
  "utilities",
  false,
  "燃气泄漏报警",
  "Gas leak",
  ["gas-safety", "emergency-response"],
  POLICY.emergency,
  "district-department",
  {
    kw: ["燃气泄漏", "煤气味", "漏气"],
  },
);
add(
  "housing-construction",
  "utilities",
  true,
  "供暖问题报修",
  "Heating problem",
  ["home-repair", "complaint-intake"],
  POLICY.utility,
  "street-office",
  {
    kw: ["暖气", "不热", "供暖"],
  },
);
add(
  "housing-construction",
  "utilities",
  true,
  "供水问题报修",
  "Water supply problem",
  ["home-repair", "complaint-intake"],
  POLICY.utility,
  "street-office",
  {
    kw: ["停水", "水压", "漏水"],
  },
);
add(
  "housing-construction",
  "utilities",
  true,
  "供电问题协调",
  "Power supply problem",
  ["complaint-intake"],
  POLICY.utility,
  "street-office",
  {
    kw: ["停电", "电压", "跳闸"],
  },
);
add(
  "housing-construction",
  "housing",
  true,
  "物业服务投诉",
  "Property management complaint",
  ["complaint-intake", "property-management"],
  POLICY.general,
  "community-staff",
  {
    kw: ["物业", "投诉", "物业费"],
  },
);
add(
  "housing-construction",
  "housing",
  true,
  "公租房申请",
  "Apply for public rental housing",
  ["housing-consultation", "document-proxy"],
  POLICY.complex,
  "street-office",
  {
    kw: ["公租房", "保障性住房", "廉租房"],
    docs: ["id", "hukou", "income", "application"],
    elig: [
      "城镇中低收入住房困难家庭、新就业无房职工和在城镇稳定就业的外来务工人员",
      "Urban lower-income households in housing difficulty, newly employed workers without a home, and migrant workers in stable urban jobs",
    ],
  },
);
add(
  "housing-construction",
  "housing",
  true,
  "公租房维修报修",
  "Public rental housing repairs",
  ["home-repair"],
  POLICY.proxy3,
  "grid-worker",
  {
    kw: ["公租房", "维修", "报修"],
  },
);
add(
  "housing-construction",
  "housing",
  false,
  "加装电梯咨询",
  "Advice on adding a lift",
  ["housing-consultation"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["加装电梯", "老楼"],
  },
);
add(
  "housing-construction",
  "housing",
  true,
  "房屋安全鉴定申请",
  "Apply for a housing safety appraisal",
  ["housing-consultation", "hazard-reporting"],
  POLICY.complex,
  "district-department",
  {
    kw: ["危房", "裂缝", "鉴定", "采空区"],
    docs: ["deed", "evidence"],
  },
);
add(
  "housing-construction",
  "housing",
  false,
  "住房公积金提取咨询",
  "Advice on withdrawing the housing provident fund",
  ["policy-consultation"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["公积金", "提取"],
  },
);
add(
  "housing-construction",
  "housing",
  true,
  "家庭水电小修",
  "Small plumbing and electrical repairs at home",
  ["home-repair"],
  POLICY.proxy3,
  "grid-worker",
  {
    kw: ["水管", "灯泡", "插座", "维修"],
  },
);

// ——— emergency management (应急管理) ———
add(
  "emergency-management",
  "fire-and-disaster",
  false,
  "火灾隐患报告",
  "Report a fire hazard",
  ["fire-safety", "hazard-reporting"],
  POLICY.utility,
  "grid-worker",
  {
    kw: ["火灾隐患", "电动车充电", "楼道堆物"],
  },
);
add(
  "emergency-management",
  "fire-and-disaster",
  true,
  "家庭消防安全检查",
  "Home fire safety check",
  ["fire-safety"],
  POLICY.general,
  "community-staff",
  {
    kw: ["消防", "灭火器", "检查"],
  },
);
add(
  "emergency-management",
  "fire-and-disaster",
  true,
  "独居老人烟感报警器安装",
  "Smoke alarms for older people living alone",
  ["fire-safety", "home-repair"],
  POLICY.general,
  "grid-worker",
  {
    kw: ["烟感", "报警器", "独居老人"],
  },
);
add(
  "emergency-management",
  "fire-and-disaster",
  true,
  "自然灾害救助申请",
  "Apply for natural disaster relief",
  ["relief-application"],
  POLICY.complement,
  "street-office",
  {
    kw: ["灾害", "救灾", "倒塌"],
    docs: ["id", "hardship"],
  },
);
add(
  "emergency-management",
  "fire-and-disaster",
  false,
  "防汛隐患上报",
  "Report a flood hazard",
  ["hazard-reporting", "emergency-response"],
  POLICY.emergency,
  "street-office",
  {
    kw: ["防汛", "积水", "内涝"],
  },
);
add(
  "emergency-management",
  "fire-and-disaster",
  false,
  "地质灾害隐患上报",
  "Report a geological hazard (subsidence, landslide)",
  ["hazard-reporting", "emergency-response"],
  POLICY.emergency,
  "district-department",
  {
    kw: ["地面塌陷", "采空区", "滑坡", "裂缝"],
  },
);
add(
  "emergency-management",
  "work-safety",
  false,
  "安全生产隐患举报",
  "Report a workplace safety hazard",
  ["hazard-reporting"],
  POLICY.general,
  "district-department",
  {
    kw: ["安全生产", "隐患", "举报"],
  },
);
add(
  "emergency-management",
  "fire-and-disaster",
  false,
  "应急避难场所咨询",
  "Advice on emergency shelters",
  ["policy-consultation"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["避难场所", "应急"],
  },
);

// ——— market regulation (市场监管) ———
add(
  "market-regulation",
  "food-and-drug",
  true,
  "食品安全投诉",
  "Food safety complaint",
  ["complaint-intake", "market-inspection"],
  POLICY.general,
  "district-department",
  {
    kw: ["食品安全", "过期", "变质"],
    docs: ["evidence"],
  },
);
add(
  "market-regulation",
  "food-and-drug",
  true,
  "药品质量投诉",
  "Medicine quality complaint",
  ["complaint-intake", "market-inspection"],
  POLICY.general,
  "district-department",
  {
    kw: ["药品", "假药", "质量"],
  },
);
add(
  "market-regulation",
  "consumer-rights",
  true,
  "价格投诉",
  "Price complaint",
  ["complaint-intake", "market-inspection"],
  POLICY.general,
  "district-department",
  {
    kw: ["价格", "乱收费", "明码标价"],
  },
);
add(
  "market-regulation",
  "consumer-rights",
  true,
  "消费维权投诉",
  "Consumer rights complaint",
  ["complaint-intake"],
  POLICY.general,
  "district-department",
  {
    kw: ["消费", "维权", "退货"],
  },
);
add(
  "market-regulation",
  "consumer-rights",
  true,
  "缺斤短两投诉",
  "Short-weight complaint",
  ["complaint-intake", "market-inspection"],
  POLICY.general,
  "district-department",
  {
    kw: ["计量", "缺斤短两", "秤"],
  },
);
add(
  "market-regulation",
  "special-equipment",
  false,
  "电梯困人或故障",
  "Lift failure or people trapped",
  ["emergency-response", "hazard-reporting"],
  POLICY.emergency,
  "district-department",
  {
    kw: ["电梯", "困人", "故障"],
  },
);
add(
  "market-regulation",
  "business",
  true,
  "个体工商户登记代办",
  "Register as a self-employed business",
  ["document-proxy"],
  POLICY.proxy3,
  "community-staff",
  {
    kw: ["个体户", "营业执照", "登记"],
    docs: ["id", "residence"],
  },
);
add(
  "market-regulation",
  "business",
  false,
  "营业执照办理咨询",
  "Advice on business licences",
  ["policy-consultation"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["营业执照", "注册"],
  },
);

// ——— ecology and environment (生态环境) ———
add(
  "ecology-environment",
  "environment",
  true,
  "噪声扰民投诉",
  "Noise complaint",
  ["complaint-intake", "environmental-inspection"],
  POLICY.general,
  "district-department",
  {
    kw: ["噪音", "扰民", "施工噪声"],
    attrs: [
      attr(
        "source",
        "singlevaluelist",
        true,
        "噪声来源",
        "Source of the noise",
        values(
          ["construction", "建筑施工", "Construction"],
          ["business", "商铺经营", "Shops"],
          ["neighbour", "居民生活", "Neighbours"],
          ["traffic", "交通", "Traffic"],
        ),
      ),
      attr("time", "datetime", false, "发生时间", "When it happens"),
    ],
  },
);
add(
  "ecology-environment",
  "environment",
  true,
  "油烟扰民投诉",
  "Cooking fumes complaint",
  ["complaint-intake", "environmental-inspection"],
  POLICY.general,
  "district-department",
  {
    kw: ["油烟", "餐馆", "异味"],
  },
);
add(
  "ecology-environment",
  "environment",
  false,
  "露天焚烧举报",
  "Report open burning",
  ["environmental-inspection", "hazard-reporting"],
  POLICY.utility,
  "street-office",
  {
    kw: ["焚烧", "烧垃圾", "秸秆"],
  },
);
add(
  "ecology-environment",
  "environment",
  false,
  "污水排放举报",
  "Report sewage discharge",
  ["environmental-inspection"],
  POLICY.general,
  "district-department",
  {
    kw: ["污水", "排污", "河道"],
  },
);
add(
  "ecology-environment",
  "environment",
  true,
  "扬尘污染投诉",
  "Dust pollution complaint",
  ["environmental-inspection"],
  POLICY.general,
  "district-department",
  {
    kw: ["扬尘", "工地", "渣土"],
  },
);
add(
  "ecology-environment",
  "environment",
  false,
  "建筑垃圾乱倒举报",
  "Report dumped construction waste",
  ["environmental-inspection", "sanitation"],
  POLICY.general,
  "street-office",
  {
    kw: ["建筑垃圾", "乱倒", "渣土"],
  },
);
add(
  "ecology-environment",
  "environment",
  false,
  "垃圾分类指导",
  "Waste sorting guidance",
  ["sanitation", "policy-consultation"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["垃圾分类", "厨余"],
  },
);
add(
  "ecology-environment",
  "environment",
  false,
  "清洁取暖改造咨询",
  "Advice on switching to clean heating",
  ["policy-consultation", "housing-consultation"],
  POLICY.consultation,
  "community-staff",
  {
    kw: ["散煤", "煤改气", "煤改电", "清洁取暖"],
  },
);

/** The service items, with their codes. */
export function serviceItems(): ServiceItem[] {
  const counters = new Map<string, number>();
  return S.map((s) => {
    const prefix = `${s.proxy ? "DB" : "FW"}-${DOMAIN_ABBR[s.domain] ?? "XX"}`;
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    const item: ServiceItem = {
      code: `${prefix}-${String(n).padStart(3, "0")}`,
      name: { zh: s.zh, en: s.en },
      domain: s.domain,
      category: s.category,
      proxy: s.proxy,
      keywords: s.kw ?? [],
      capabilities: s.caps,
      promised: POLICY_PROMISE[s.policy]!,
      deadlinePolicy: s.policy,
      handler: s.handler,
      requiredDocuments: (s.docs ?? []).map((d) => D[d]),
      attributes: s.attrs ?? [],
      status: "active",
    };
    if (s.desc) item.description = s.desc;
    if (s.elig) item.eligibility = { zh: s.elig[0], en: s.elig[1] };
    return item;
  });
}
