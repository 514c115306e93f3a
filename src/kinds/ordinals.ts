/**
 * Session ordinals as UN documents write them, for sessions 1 to 200 (the Human Rights
 * Council is past its 60th, treaty bodies past their 140th): "Fifty-eighth session",
 * "Cinquante-huitième session", "58º período de sesiones", "Пятьдесят восьмая сессия",
 * "第五十八届会议". The catalogue's `session.format` puts the ordinal in its phrase; this
 * module only says the number. Where the form was checked against a UN document is in
 * tests/fixtures/un-wording.yaml; the forms not checked are listed under `notSourced:`
 * in kinds/hrc-written-statement.yaml.
 */

const capitalize = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

const enSmall = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth'];
const enTens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const enTensOrdinal = ['', '', 'twentieth', 'thirtieth', 'fortieth', 'fiftieth', 'sixtieth', 'seventieth', 'eightieth', 'ninetieth'];

/** "first" … "ninety-ninth", "one hundredth", "one hundred and forty-first", "two hundredth". */
function english(n: number): string {
  if (n === 200) return 'two hundredth';
  if (n === 100) return 'one hundredth';
  if (n > 100) return `one hundred and ${english(n - 100)}`;
  if (n < 20) return enSmall[n]!;
  const unit = n % 10;
  return unit ? `${enTens[Math.floor(n / 10)]}-${enSmall[unit]}` : enTensOrdinal[Math.floor(n / 10)]!;
}

const frUnits = ['', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize'];
const frTens = ['', 'dix', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante'];

/** The cardinal in the traditional spelling UN French keeps: "vingt et un", "soixante-dix-huit", "quatre-vingt-un". */
function frenchCardinal(n: number): string {
  if (n >= 100) {
    const hundreds = Math.floor(n / 100);
    const rest = n % 100;
    const head = hundreds === 1 ? 'cent' : `${frUnits[hundreds]} cent${rest ? '' : 's'}`;
    return rest ? `${head} ${frenchCardinal(rest)}` : head;
  }
  if (n <= 16) return frUnits[n]!;
  if (n < 20) return `dix-${frUnits[n - 10]}`;
  if (n < 70) {
    const tens = frTens[Math.floor(n / 10)]!;
    const unit = n % 10;
    return unit === 0 ? tens : unit === 1 ? `${tens} et un` : `${tens}-${frUnits[unit]}`;
  }
  if (n < 80) return n === 71 ? 'soixante et onze' : `soixante-${frenchCardinal(n - 60)}`;
  return n === 80 ? 'quatre-vingts' : `quatre-vingt-${frenchCardinal(n - 80)}`;
}

/** "première", "deuxième" … "cinquante-huitième", "soixante et unième", "cent unième", "deux centième". */
function french(n: number): string {
  if (n === 1) return 'première';
  const cardinal = frenchCardinal(n);
  return cardinal
    .replace(/quatre-vingts$/, 'quatre-vingt')
    .replace(/cents$/, 'cent')
    .replace(/cinq$/, 'cinqu')
    .replace(/neuf$/, 'neuv')
    .replace(/e$/, '')
    .concat('ième');
}

const esWords = ['', 'Primer', 'Segundo', 'Tercer', 'Cuarto', 'Quinto', 'Sexto', 'Séptimo', 'Octavo', 'Noveno', 'Décimo'];

/** Spanish: in words to the tenth ("Quinto"), then in figures: "58º", and "21er" where the word is apocopated (primer, tercer). */
function spanish(n: number): string {
  if (n <= 10) return esWords[n]!;
  const apocopated = (n % 10 === 1 && n % 100 !== 11) || n % 10 === 3;
  return `${n}${apocopated ? 'er' : 'º'}`;
}

const ruUnitsFem = ['', 'первая', 'вторая', 'третья', 'четвертая', 'пятая', 'шестая', 'седьмая', 'восьмая', 'девятая', 'десятая', 'одиннадцатая', 'двенадцатая', 'тринадцатая', 'четырнадцатая', 'пятнадцатая', 'шестнадцатая', 'семнадцатая', 'восемнадцатая', 'девятнадцатая'];
const ruTens = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const ruTensFem = ['', '', 'двадцатая', 'тридцатая', 'сороковая', 'пятидесятая', 'шестидесятая', 'семидесятая', 'восьмидесятая', 'девяностая'];

/** Russian, feminine (сессия): "пятьдесят восьмая", "сто сорок первая", "двухсотая". */
function russian(n: number): string {
  if (n === 200) return 'двухсотая';
  if (n === 100) return 'сотая';
  if (n > 100) return `сто ${russian(n - 100)}`;
  if (n < 20) return ruUnitsFem[n]!;
  const unit = n % 10;
  return unit ? `${ruTens[Math.floor(n / 10)]} ${ruUnitsFem[unit]}` : ruTensFem[Math.floor(n / 10)]!;
}

const zhDigits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Chinese numerals: 五十八, 一百零一, 一百四十一, 二百. */
function chinese(n: number): string {
  const under100 = (m: number, inside: boolean) => {
    const tens = Math.floor(m / 10);
    const unit = m % 10;
    const tensText = tens === 0 ? '' : `${tens === 1 && !inside ? '' : zhDigits[tens]}十`;
    return tensText + zhDigits[unit]!;
  };
  if (n < 100) return under100(n, false);
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const head = `${zhDigits[hundreds]}百`;
  if (rest === 0) return head;
  return rest < 10 ? `${head}零${zhDigits[rest]}` : head + under100(rest, true);
}

/**
 * The ordinal of session `n` in a language, as its catalogue's `session.format` takes it,
 * or undefined where Dossier has no form for the language (Arabic: see notSourced).
 */
export function sessionOrdinal(n: number, lang: string): string | undefined {
  if (!Number.isInteger(n) || n < 1 || n > 200) return undefined;
  const base = lang.split('-')[0];
  switch (base) {
    case 'en':
      return capitalize(english(n));
    case 'fr':
      return capitalize(french(n));
    case 'es':
      return spanish(n);
    case 'ru':
      return capitalize(russian(n));
    case 'zh':
      return chinese(n);
    default:
      return undefined;
  }
}
