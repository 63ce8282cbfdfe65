/**
 * @module themeTable: the hand-checked heart of the language bridge: common poetic themes in English, French,
 * German, Spanish and emoji, each with the character a Tang poet would use. Looked up before cc-cedict, so
 * `love` is 情 (not 春) and `home` is 乡. Every entry was checked by reading, not generated.
 */

export const THEMES: Record<string, string> = {
  // seasons and times
  autumn: '秋', fall: '秋', spring: '春', summer: '夏', winter: '冬', night: '夜', dawn: '晓', morning: '晨',
  evening: '暮', dusk: '暮', sunset: '夕阳', twilight: '暮', midnight: '夜半', day: '日', year: '年', time: '时',
  // sky and weather
  wind: '风', breeze: '风', moon: '月', moonlight: '月光', sun: '日', sunlight: '日光', star: '星', stars: '星',
  cloud: '云', clouds: '云', sky: '天', rain: '雨', snow: '雪', frost: '霜', dew: '露', mist: '雾', fog: '雾',
  thunder: '雷', rainbow: '虹', light: '光', shadow: '影', smoke: '烟',
  // land and water
  river: '江', rivers: '江', stream: '溪', creek: '溪', lake: '湖', sea: '海', ocean: '海', water: '水', wave: '波',
  waves: '波', mountain: '山', mountains: '山', hill: '山', peak: '峰', valley: '谷', stone: '石', rock: '石',
  island: '岛', shore: '岸', field: '田', road: '路', path: '径', bridge: '桥', city: '城', village: '村',
  garden: '园', forest: '林', wood: '林', woods: '林', desert: '沙漠', border: '边', frontier: '边塞',
  // plants and creatures
  flower: '花', flowers: '花', blossom: '花', blossoms: '花', rose: '花', leaf: '叶', leaves: '叶', tree: '树',
  trees: '树', grass: '草', willow: '柳', pine: '松', bamboo: '竹', plum: '梅', lotus: '莲', chrysanthemum: '菊',
  orchid: '兰', peach: '桃', bird: '鸟', birds: '鸟', goose: '雁', geese: '雁', crane: '鹤', swallow: '燕',
  oriole: '莺', cuckoo: '杜鹃', horse: '马', fish: '鱼', butterfly: '蝶', cicada: '蝉', monkey: '猿', dog: '犬',
  cat: '猫', dragon: '龙', tiger: '虎',
  // people and feeling
  love: '情', longing: '思', miss: '思', missing: '思', sorrow: '愁', sad: '愁', sadness: '愁', grief: '悲',
  joy: '欢', happy: '乐', happiness: '乐', lonely: '孤', loneliness: '孤', alone: '独', friend: '友', friends: '友',
  farewell: '别', goodbye: '别', parting: '别', home: '乡', homesick: '思乡', homeland: '故乡', family: '家',
  mother: '母', father: '父', child: '儿', children: '儿童', heart: '心', dream: '梦', dreams: '梦', tears: '泪',
  tear: '泪', memory: '忆', remember: '忆', old: '老', age: '老', youth: '少年', young: '少年', life: '生',
  peace: '安', war: '战', soldier: '征人', hope: '望', silence: '静', quiet: '静', calm: '静', wine: '酒',
  tea: '茶', music: '琴', song: '歌', poem: '诗', poetry: '诗', book: '书', letter: '书', temple: '寺',
  monk: '僧', bell: '钟', lamp: '灯', lantern: '灯', door: '门', window: '窗', tower: '楼', boat: '舟',
  journey: '行', travel: '行', traveler: '客', wanderer: '客', guest: '客', red: '红', green: '青', white: '白',
  gold: '金', golden: '金', silver: '银', blue: '碧', jade: '玉', cold: '寒', warm: '暖', far: '远', distant: '远',
  // French, German, Spanish
  lune: '月', mond: '月', luna: '月', vent: '风', viento: '风', automne: '秋', herbst: '秋', 'otoño': '秋',
  printemps: '春', 'frühling': '春', primavera: '春', hiver: '冬', invierno: '冬', 'été': '夏', sommer: '夏',
  verano: '夏', 'rivière': '江', fleuve: '江', fluss: '江', 'río': '江', montagne: '山', berg: '山', 'montaña': '山',
  neige: '雪', schnee: '雪', nieve: '雪', pluie: '雨', regen: '雨', lluvia: '雨', fleur: '花', blume: '花',
  flor: '花', nuit: '夜', nacht: '夜', noche: '夜', mer: '海', meer: '海', mar: '海', amour: '情', liebe: '情',
  amor: '情', 'étoile': '星', stern: '星', estrella: '星', soleil: '日', sonne: '日', sol: '日', 'cœur': '心',
  coeur: '心', herz: '心', 'corazón': '心', 'rêve': '梦', traum: '梦', 'sueño': '梦', ami: '友', freund: '友',
  amigo: '友',
  // emoji
  '🌙': '月', '🌕': '月', '🌸': '花', '🌺': '花', '🌹': '花', '🍂': '秋叶', '🍁': '枫', '🌊': '海', '⛰': '山',
  '🏔': '山', '☀': '日', '🌧': '雨', '❄': '雪', '⭐': '星', '🌟': '星', '🐦': '鸟', '❤': '心', '🔥': '火',
  '🌲': '松', '🎋': '竹', '🍷': '酒', '🍵': '茶', '⛵': '舟', '🐎': '马', '🐟': '鱼', '🦋': '蝶', '💧': '水',
  '🌿': '草', '🌳': '树', '☁': '云', '🌈': '虹', '😢': '泪', '🏠': '家',
};

/** Where-words: the character goes after the place it qualifies (`over the river` -> 江上). */
export const PLACE_WORDS: Record<string, string> = {
  over: '上', on: '上', above: '上', upon: '上', under: '下', below: '下', beneath: '下', in: '中', within: '中',
  inside: '中', among: '中', by: '边', beside: '边', near: '边', before: '前', behind: '后', beyond: '外', outside: '外',
};

/** Words that carry no theme (English articles, pronouns, auxiliaries). */
export const STOP_WORDS = new Set(
  'a an the and or of to with from at for as is are was were be been am i me my you your we our he she it its they them their this that these those there here what who how why when where so very too not no yes do does did can will would should could shall may might must has have had le la les un une des et de du der die das und ein eine el los las y con'.split(' '),
);
