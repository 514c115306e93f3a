/**
 * The placeholder text `dossier init` writes, in the document's language (issue 24): a
 * French or Arabic starter whose text is English looks broken, and in Arabic it runs
 * the wrong way. Facts (years, counts, e-mail) are the same in every language; the
 * acronym EOHR stays Latin, as acronyms do in UN documents in any script.
 */
export interface StarterText {
  fullName: string;
  legalStatus: string;
  fieldsOfWork: [string, string];
  introduction: string;
  title: string;
  heading: string;
  paragraphs: [string, string];
  stateUnderReview: string;
  stateParty: string;
  contactName: string;
  address: string;
}

const texts: Record<string, StarterText> = {
  en: {
    fullName: 'Example Organization for Human Rights',
    legalStatus: 'non-profit association',
    fieldsOfWork: ['human rights education', 'access to justice'],
    introduction: '{{profile.names.full}} was founded in {{profile.founded.year}} and brings together {{profile.membership.memberUnits}} member organizations. Replace this text with the organization’s own introduction.',
    title: 'Title of the text',
    heading: 'Introduction',
    paragraphs: ['{{profile.names.full}} submits the following. Replace this paragraph with the first paragraph of the text.', 'Write each paragraph as one entry. Write the text only.'],
    stateUnderReview: 'the State under review',
    stateParty: 'the State party under review',
    contactName: 'Name of the contact person',
    address: 'Street, city, country',
  },
  fr: {
    fullName: 'Organisation exemple pour les droits de l’homme',
    legalStatus: 'association à but non lucratif',
    fieldsOfWork: ['éducation aux droits de l’homme', 'accès à la justice'],
    introduction: '{{profile.names.full}} a été fondée en {{profile.founded.year}} et réunit {{profile.membership.memberUnits}} organisations membres. Remplacez ce texte par la présentation de l’organisation.',
    title: 'Titre du texte',
    heading: 'Introduction',
    paragraphs: ['{{profile.names.full}} présente ce qui suit. Remplacez ce paragraphe par le premier paragraphe du texte.', 'Écrivez chaque paragraphe comme une entrée. N’écrivez que le texte.'],
    stateUnderReview: 'l’État examiné',
    stateParty: 'l’État partie examiné',
    contactName: 'Nom de la personne à contacter',
    address: 'Rue, ville, pays',
  },
  es: {
    fullName: 'Organización Ejemplo de Derechos Humanos',
    legalStatus: 'asociación sin fines de lucro',
    fieldsOfWork: ['educación en derechos humanos', 'acceso a la justicia'],
    introduction: '{{profile.names.full}} se fundó en {{profile.founded.year}} y reúne a {{profile.membership.memberUnits}} organizaciones miembros. Sustituya este texto por la presentación de la organización.',
    title: 'Título del texto',
    heading: 'Introducción',
    paragraphs: ['{{profile.names.full}} presenta lo siguiente. Sustituya este párrafo por el primer párrafo del texto.', 'Escriba cada párrafo como una entrada. Escriba solo el texto.'],
    stateUnderReview: 'el Estado examinado',
    stateParty: 'el Estado parte examinado',
    contactName: 'Nombre de la persona de contacto',
    address: 'Calle, ciudad, país',
  },
  ru: {
    fullName: 'Примерная организация по правам человека',
    legalStatus: 'некоммерческая ассоциация',
    fieldsOfWork: ['образование в области прав человека', 'доступ к правосудию'],
    introduction: '{{profile.names.full}} основана в {{profile.founded.year}} году и объединяет {{profile.membership.memberUnits}} организаций-членов. Замените этот текст описанием организации.',
    title: 'Название текста',
    heading: 'Введение',
    paragraphs: ['{{profile.names.full}} представляет следующее. Замените этот абзац первым абзацем текста.', 'Пишите каждый абзац отдельной записью. Пишите только текст.'],
    stateUnderReview: 'государство, проходящее обзор',
    stateParty: 'государство-участник',
    contactName: 'Имя контактного лица',
    address: 'Улица, город, страна',
  },
  ar: {
    fullName: 'المنظمة النموذجية لحقوق الإنسان',
    legalStatus: 'جمعية غير ربحية',
    fieldsOfWork: ['التثقيف في مجال حقوق الإنسان', 'الوصول إلى العدالة'],
    introduction: 'تأسست {{profile.names.full}} في عام {{profile.founded.year}} وتضم {{profile.membership.memberUnits}} منظمة عضوا. استبدلوا هذا النص بالتعريف بالمنظمة.',
    title: 'عنوان النص',
    heading: 'مقدمة',
    paragraphs: ['تقدم {{profile.names.full}} ما يلي. استبدلوا هذه الفقرة بالفقرة الأولى من النص.', 'اكتبوا كل فقرة في مدخل مستقل. اكتبوا النص وحده.'],
    stateUnderReview: 'الدولة موضوع الاستعراض',
    stateParty: 'الدولة الطرف',
    contactName: 'اسم الشخص المسؤول عن الاتصال',
    address: 'الشارع، المدينة، البلد',
  },
  zh: {
    fullName: '人权示例组织',
    legalStatus: '非营利社团',
    fieldsOfWork: ['人权教育', '诉诸司法'],
    introduction: '{{profile.names.full}}成立于{{profile.founded.year}}年，拥有{{profile.membership.memberUnits}}个成员组织。请用本组织的简介替换这段文字。',
    title: '正文标题',
    heading: '导言',
    paragraphs: ['{{profile.names.full}}提交如下意见。请用正文的第一段替换这一段。', '每段写成一个条目，只写正文。'],
    stateUnderReview: '受审议国',
    stateParty: '缔约国',
    contactName: '联系人姓名',
    address: '街道、城市、国家',
  },
  'zh-Hant': {
    fullName: '人權示例組織',
    legalStatus: '非營利社團',
    fieldsOfWork: ['人權教育', '訴諸司法'],
    introduction: '{{profile.names.full}}成立於{{profile.founded.year}}年，擁有{{profile.membership.memberUnits}}個成員組織。請用本組織的簡介替換這段文字。',
    title: '正文標題',
    heading: '導言',
    paragraphs: ['{{profile.names.full}}提交如下意見。請用正文的第一段替換這一段。', '每段寫成一個條目，只寫正文。'],
    stateUnderReview: '受審議國',
    stateParty: '締約國',
    contactName: '聯絡人姓名',
    address: '街道、城市、國家',
  },
};

/** The starter text for a language tag: zh-TW and zh-Hant-HK take zh-Hant's, zh-CN zh's; any other language English. */
export function starterText(lang: string): StarterText {
  if (/^zh-(Hant|TW|HK|MO)/i.test(lang)) return texts['zh-Hant']!;
  return texts[lang.split('-')[0]!] ?? texts.en!;
}
