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
  /** The paragraph a lettered list belongs to, its items, and the nested list of the last one. */
  recommends: string;
  recommendations: [string, string];
  details: [string, string];
  /** A quotation and its source: article 19 of the Universal Declaration, in the UN's own wording in each language. */
  quote: string;
  quoteSource: string;
  table: { caption: string; columns: [string, string]; rows: [[string, string], [string, string]] };
  /** A paragraph with a link ({{#link}}), numbered on after the list and the table. */
  linked: string;
  /** An unnumbered paragraph with a line break: who to write to (the organisation, not profile.contact: a profile given with --org may have none). */
  contact: string;
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
    recommends: '{{profile.names.short}} recommends that the State:',
    recommendations: ['Adopt a law on access to information;', 'Repeal the provisions that criminalize defamation:'],
    details: ['in the criminal code;', 'in the law on associations.'],
    quote: 'Everyone has the right to freedom of opinion and expression; this right includes freedom to hold opinions without interference and to seek, receive and impart information and ideas through any media and regardless of frontiers.',
    quoteSource: 'Universal Declaration of Human Rights, article 19',
    table: {
      caption: 'Recommendations received at the last review and their status',
      columns: ['Recommendation', 'Status'],
      rows: [
        ['Ratify the Optional Protocol to the Convention against Torture', 'Implemented'],
        ['Simplify the registration of associations', 'Not implemented'],
      ],
    },
    linked: 'The recommendations of the last review are on the {{#link "https://www.ohchr.org/en/hr-bodies/upr/upr-main"}}UPR pages of OHCHR{{/link}}.',
    contact: 'Contact: {{profile.names.full}}{{br}}Street, city, country',
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
    recommends: '{{profile.names.short}} recommande à l’État :',
    recommendations: ['D’adopter une loi sur l’accès à l’information ;', 'D’abroger les dispositions qui érigent la diffamation en infraction :'],
    details: ['dans le code pénal ;', 'dans la loi sur les associations.'],
    quote: 'Tout individu a droit à la liberté d’opinion et d’expression, ce qui implique le droit de ne pas être inquiété pour ses opinions et celui de chercher, de recevoir et de répandre, sans considérations de frontières, les informations et les idées par quelque moyen d’expression que ce soit.',
    quoteSource: 'Déclaration universelle des droits de l’homme, article 19',
    table: {
      caption: 'Recommandations reçues lors du dernier examen et état de leur mise en œuvre',
      columns: ['Recommandation', 'État'],
      rows: [
        ['Ratifier le Protocole facultatif se rapportant à la Convention contre la torture', 'Mise en œuvre'],
        ['Simplifier l’enregistrement des associations', 'Non mise en œuvre'],
      ],
    },
    linked: 'Les recommandations du dernier examen figurent sur les {{#link "https://www.ohchr.org/fr/hr-bodies/upr/upr-main"}}pages de l’EPU du HCDH{{/link}}.',
    contact: 'Contact : {{profile.names.full}}{{br}}Rue, ville, pays',
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
    recommends: '{{profile.names.short}} recomienda al Estado que:',
    recommendations: ['Apruebe una ley de acceso a la información;', 'Derogue las disposiciones que tipifican como delito la difamación:'],
    details: ['en el código penal;', 'en la ley de asociaciones.'],
    quote: 'Todo individuo tiene derecho a la libertad de opinión y de expresión; este derecho incluye el de no ser molestado a causa de sus opiniones, el de investigar y recibir informaciones y opiniones, y el de difundirlas, sin limitación de fronteras, por cualquier medio de expresión.',
    quoteSource: 'Declaración Universal de Derechos Humanos, artículo 19',
    table: {
      caption: 'Recomendaciones recibidas en el último examen y estado de su aplicación',
      columns: ['Recomendación', 'Estado'],
      rows: [
        ['Ratificar el Protocolo Facultativo de la Convención contra la Tortura', 'Aplicada'],
        ['Simplificar el registro de las asociaciones', 'No aplicada'],
      ],
    },
    linked: 'Las recomendaciones del último examen figuran en las {{#link "https://www.ohchr.org/es/hr-bodies/upr/upr-main"}}páginas del EPU del ACNUDH{{/link}}.',
    contact: 'Contacto: {{profile.names.full}}{{br}}Calle, ciudad, país',
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
    recommends: '{{profile.names.short}} рекомендует государству:',
    recommendations: ['принять закон о доступе к информации;', 'отменить положения, устанавливающие уголовную ответственность за клевету:'],
    details: ['в уголовном кодексе;', 'в законе об объединениях.'],
    quote: 'Каждый человек имеет право на свободу убеждений и на свободное выражение их; это право включает свободу беспрепятственно придерживаться своих убеждений и свободу искать, получать и распространять информацию и идеи любыми средствами и независимо от государственных границ.',
    quoteSource: 'Всеобщая декларация прав человека, статья 19',
    table: {
      caption: 'Рекомендации, полученные в ходе последнего обзора, и ход их выполнения',
      columns: ['Рекомендация', 'Состояние'],
      rows: [
        ['Ратифицировать Факультативный протокол к Конвенции против пыток', 'Выполнена'],
        ['Упростить регистрацию объединений', 'Не выполнена'],
      ],
    },
    linked: 'Рекомендации последнего обзора приведены на {{#link "https://www.ohchr.org/ru/hr-bodies/upr/upr-main"}}страницах УПО на сайте УВКПЧ{{/link}}.',
    contact: 'Для связи: {{profile.names.full}}{{br}}Улица, город, страна',
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
    recommends: 'توصي {{profile.names.short}} الدولة بما يلي:',
    recommendations: ['اعتماد قانون بشأن الحصول على المعلومات؛', 'إلغاء الأحكام التي تجرم التشهير:'],
    details: ['في القانون الجنائي؛', 'في قانون الجمعيات.'],
    quote: 'لكل شخص حق التمتع بحرية الرأي والتعبير، ويشمل هذا الحق حريته في اعتناق الآراء دون مضايقة، وفي التماس الأنباء والأفكار وتلقيها ونقلها إلى الآخرين، بأية وسيلة ودونما اعتبار للحدود.',
    quoteSource: 'الإعلان العالمي لحقوق الإنسان، المادة 19',
    table: {
      caption: 'التوصيات الواردة في الاستعراض السابق وحالة تنفيذها',
      columns: ['التوصية', 'الحالة'],
      rows: [
        ['التصديق على البروتوكول الاختياري لاتفاقية مناهضة التعذيب', 'نُفذت'],
        ['تبسيط تسجيل الجمعيات', 'لم تُنفذ'],
      ],
    },
    linked: 'ترد توصيات الاستعراض السابق في {{#link "https://www.ohchr.org/ar/hr-bodies/upr/upr-main"}}صفحات الاستعراض الدوري الشامل على موقع المفوضية{{/link}}.',
    contact: 'للمراسلة: {{profile.names.full}}{{br}}الشارع، المدينة، البلد',
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
    recommends: '{{profile.names.short}}建议该国：',
    recommendations: ['通过一部关于获取信息的法律；', '废除将诽谤定为刑事罪的规定：'],
    details: ['刑法中的规定；', '社团法中的规定。'],
    quote: '人人有权享有主张和发表意见的自由；此项权利包括持有主张而不受干涉的自由，和通过任何媒介和不论国界寻求、接受和传递消息和思想的自由。',
    quoteSource: '《世界人权宣言》第十九条',
    table: {
      caption: '上一轮审议收到的建议及其落实情况',
      columns: ['建议', '落实情况'],
      rows: [
        ['批准《禁止酷刑公约任择议定书》', '已落实'],
        ['简化社团登记程序', '未落实'],
      ],
    },
    linked: '上一轮审议的建议载于{{#link "https://www.ohchr.org/zh/hr-bodies/upr/upr-main"}}人权高专办普遍定期审议网页{{/link}}。',
    contact: '联系方式：{{profile.names.full}}{{br}}街道、城市、国家',
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
    recommends: '{{profile.names.short}}建議該國：',
    recommendations: ['通過一部關於獲取資訊的法律；', '廢除將誹謗定為刑事罪的規定：'],
    details: ['刑法中的規定；', '社團法中的規定。'],
    quote: '人人有權享有主張和發表意見的自由；此項權利包括持有主張而不受干涉的自由，和通過任何媒介和不論國界尋求、接受和傳遞消息和思想的自由。',
    quoteSource: '《世界人權宣言》第十九條',
    table: {
      caption: '上一輪審議收到的建議及其落實情況',
      columns: ['建議', '落實情況'],
      rows: [
        ['批准《禁止酷刑公約任擇議定書》', '已落實'],
        ['簡化社團登記程序', '未落實'],
      ],
    },
    linked: '上一輪審議的建議載於{{#link "https://www.ohchr.org/zh/hr-bodies/upr/upr-main"}}人權高專辦普遍定期審議網頁{{/link}}。',
    contact: '聯絡方式：{{profile.names.full}}{{br}}街道、城市、國家',
  },
};

/** The starter text for a language tag: zh-TW and zh-Hant-HK take zh-Hant's, zh-CN zh's; any other language English. */
export function starterText(lang: string): StarterText {
  if (/^zh-(Hant|TW|HK|MO)/i.test(lang)) return texts['zh-Hant']!;
  return texts[lang.split('-')[0]!] ?? texts.en!;
}
