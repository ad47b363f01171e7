/**
 * Word lists for fictional sample enterprises. Names are composed from a city,
 * a two-character trade name, an industry and a legal form, so they read like
 * real registrations without being copied from any.
 */

export interface SampleDivision {
  /** Six-digit administrative division code (GB/T 2260) of a real district. */
  code: string;
  /** The city as it appears at the start of a company name. */
  city: string;
  district: string;
  /** The one-character abbreviation courts use in case numbers. */
  courtAbbreviation: string;
  /** The abbreviation authorities use in decision numbers. */
  cityAbbreviation: string;
}

export const DIVISIONS: readonly SampleDivision[] = [
  {
    code: "350102",
    city: "福州",
    district: "鼓楼区",
    courtAbbreviation: "闽",
    cityAbbreviation: "榕",
  },
  {
    code: "350104",
    city: "福州",
    district: "仓山区",
    courtAbbreviation: "闽",
    cityAbbreviation: "榕",
  },
  {
    code: "350203",
    city: "厦门",
    district: "思明区",
    courtAbbreviation: "闽",
    cityAbbreviation: "厦",
  },
  {
    code: "350206",
    city: "厦门",
    district: "湖里区",
    courtAbbreviation: "闽",
    cityAbbreviation: "厦",
  },
  {
    code: "350503",
    city: "泉州",
    district: "丰泽区",
    courtAbbreviation: "闽",
    cityAbbreviation: "泉",
  },
  {
    code: "110105",
    city: "北京",
    district: "朝阳区",
    courtAbbreviation: "京",
    cityAbbreviation: "京",
  },
  {
    code: "110108",
    city: "北京",
    district: "海淀区",
    courtAbbreviation: "京",
    cityAbbreviation: "京",
  },
  {
    code: "310104",
    city: "上海",
    district: "徐汇区",
    courtAbbreviation: "沪",
    cityAbbreviation: "沪",
  },
  {
    code: "310115",
    city: "上海",
    district: "浦东新区",
    courtAbbreviation: "沪",
    cityAbbreviation: "沪",
  },
  {
    code: "440106",
    city: "广州",
    district: "天河区",
    courtAbbreviation: "粤",
    cityAbbreviation: "穗",
  },
  {
    code: "440305",
    city: "深圳",
    district: "南山区",
    courtAbbreviation: "粤",
    cityAbbreviation: "深",
  },
  {
    code: "330106",
    city: "杭州",
    district: "西湖区",
    courtAbbreviation: "浙",
    cityAbbreviation: "杭",
  },
  {
    code: "320106",
    city: "南京",
    district: "鼓楼区",
    courtAbbreviation: "苏",
    cityAbbreviation: "宁",
  },
  {
    code: "320506",
    city: "苏州",
    district: "吴中区",
    courtAbbreviation: "苏",
    cityAbbreviation: "苏",
  },
  {
    code: "370202",
    city: "青岛",
    district: "市南区",
    courtAbbreviation: "鲁",
    cityAbbreviation: "青",
  },
  {
    code: "420106",
    city: "武汉",
    district: "武昌区",
    courtAbbreviation: "鄂",
    cityAbbreviation: "武",
  },
  {
    code: "430104",
    city: "长沙",
    district: "岳麓区",
    courtAbbreviation: "湘",
    cityAbbreviation: "长",
  },
  {
    code: "510107",
    city: "成都",
    district: "武侯区",
    courtAbbreviation: "川",
    cityAbbreviation: "成",
  },
  {
    code: "500112",
    city: "重庆",
    district: "渝北区",
    courtAbbreviation: "渝",
    cityAbbreviation: "渝",
  },
  {
    code: "610113",
    city: "西安",
    district: "雁塔区",
    courtAbbreviation: "陕",
    cityAbbreviation: "西",
  },
];

export interface SampleIndustry {
  word: string;
  scope: string;
  /** Factories get environmental ratings, gas bills and environmental penalties. */
  manufacturing: boolean;
}

export const INDUSTRIES: readonly SampleIndustry[] = [
  { word: "精密机械", scope: "机械零部件加工、销售；模具制造", manufacturing: true },
  { word: "电子科技", scope: "电子元器件研发、生产、销售；技术服务", manufacturing: true },
  { word: "软件科技", scope: "软件开发；信息系统集成服务；数据处理服务", manufacturing: false },
  { word: "食品", scope: "食品生产；食品销售；农副产品加工", manufacturing: true },
  { word: "纺织服饰", scope: "服装制造；纺织品、针织品销售", manufacturing: true },
  { word: "物流", scope: "普通货物道路运输；仓储服务；国内货运代理", manufacturing: false },
  { word: "建材", scope: "建筑材料销售；水泥制品制造", manufacturing: true },
  { word: "餐饮管理", scope: "餐饮服务；餐饮管理；食品销售", manufacturing: false },
  { word: "商贸", scope: "日用百货、五金交电、办公用品批发零售", manufacturing: false },
  { word: "新材料", scope: "新型材料研发、生产、销售", manufacturing: true },
  { word: "医疗器械", scope: "第二类医疗器械生产、销售", manufacturing: true },
  { word: "包装印刷", scope: "包装装潢印刷品印刷；纸制品制造", manufacturing: true },
  { word: "农业科技", scope: "农业技术推广服务；蔬菜、水果种植", manufacturing: false },
  { word: "装饰工程", scope: "住宅室内装饰装修；建筑装饰工程施工", manufacturing: false },
];

export const TRADE_NAME_CHARACTERS = [
  ..."恒瑞宏达鑫源华泰盛安永丰嘉禾信诚聚力德隆兴邦博远富润启明天成海峰金辉正和凯越宇新锦程",
];

export const LEGAL_FORMS = ["有限公司", "有限责任公司", "股份有限公司"] as const;

export const ENTITY_TYPES = [
  "有限责任公司（自然人投资或控股）",
  "有限责任公司（自然人独资）",
  "其他股份有限公司（非上市）",
] as const;

export const SURNAMES = [..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾"];

export const GIVEN_NAME_CHARACTERS = [
  ..."伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建文辉玉兰志红",
];

export const STREETS = [
  "华林路",
  "五四路",
  "湖滨南路",
  "建设路",
  "人民路",
  "中山路",
  "工业路",
  "科技路",
];
