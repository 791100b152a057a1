/**
 * The default moderation rules for a community chat of people who use drugs, in Russian
 * and English. Terms are word stems matched at the start of a word; `=word` must match the
 * whole word; several words must follow each other. An organisation adds its own terms and
 * settings in a JSON file (COMMUNITY_RULES_FILE), merged over these.
 *
 * Drug words alone never make a message offending: harm-reduction talk is full of them.
 * Dealing needs an offer, a price, a shop or a contact alongside.
 */

/** What automatic moderation can find. */
export const MODERATION_CATEGORIES = ['hate', 'dealing', 'insult', 'spam', 'link'] as const;
export type ModerationCategory = (typeof MODERATION_CATEGORIES)[number];

/** Term lists the detector combines. */
export interface ModerationTerms {
  /** Insults that are insults wherever they stand. */
  insultStrong: string[];
  /** Words that insult when aimed at someone ("ты дебил"), not when said of oneself ("я идиот"). */
  insultSoft: string[];
  /** Slurs against a group: always removed. */
  hate: string[];
  secondPerson: string[];
  firstPerson: string[];
  /** Substances (never offending on their own). */
  drug: string[];
  /** Offers to sell or hand over. */
  offer: string[];
  /** Stash ("закладка") vocabulary: offending only with an offer, price or contact. */
  stash: string[];
  /** Shops and dark markets. */
  shop: string[];
  /** Ways to reach a seller ("пиши в лс", "dm me"). */
  contact: string[];
  /** Asking to buy a substance. */
  buy: string[];
  /** Jobs in drug selling. */
  recruitRole: string[];
  recruitHook: string[];
  /** Harm-reduction goods and services: "где взять" these is what the chat is for. */
  harmReduction: string[];
  /** Advertising vocabulary; `spamStrong` alone is enough. */
  spam: string[];
  spamStrong: string[];
  callToAction: string[];
}

/** Rules of one organisation's community chat. */
export interface ModerationRules {
  /** Categories removed automatically (others are left to workers). */
  enabled: Record<ModerationCategory, boolean>;
  terms: ModerationTerms;
  /** Domains members may link to (the organisation's site, services). */
  allowedDomains: string[];
  /** More than `messages` messages within `seconds` is a flood. */
  flood: { messages: number; seconds: number };
  /** How long a mute lasts. */
  muteHours: number;
  /** Offences older than this no longer count towards the ladder. */
  strikeWindowDays: number;
  /** The chat's rules as shown to new members; the default text when absent. */
  rulesText: { ru?: string; en?: string };
}

/** Netreach's default rules. */
export const DEFAULT_MODERATION_RULES: ModerationRules = {
  enabled: { hate: true, dealing: true, insult: true, spam: true, link: true },
  allowedDomains: [],
  flood: { messages: 6, seconds: 10 },
  muteHours: 24,
  strikeWindowDays: 30,
  rulesText: {},
  terms: {
    insultStrong: [
      'хуесос', 'мраз', '=чмо', 'чмошн', 'гнида', 'гниды', 'ублюд', 'уебок', 'уебищ', 'уебан', 'долбоеб', 'долбаеб', 'ебанут', '=сдохни', 'сдохните',
      'чтоб ты сдох', 'шлюх', 'мудил', '=мудак', '=мудаки', 'иди нахуи', 'иди на хуи', 'пошел нахуи', 'пошел на хуи', 'пошла нахуи', 'заткни пасть', '=тварь', '=твари',
      'ушлепок', 'выблядок', 'пидорас', 'тупорыл', 'ебала', 'иди в жопу', 'пошел в жопу', 'eat shit', 'dumb fuck', 'go to hell',
      'fuck you', 'fuck off', '=fucking idiot', '=cunt', '=kys', 'kill yourself', 'kill urself', '=asshole', '=dumbass', 'piece of shit', '=scum', '=moron',
      '=retard', '=stfu', 'screw you', '=motherfucker', '=dickhead', '=twat',
    ],
    insultSoft: [
      'дебил', 'идиот', '=тупои', '=тупая', '=тупые', 'тупиц', '=урод', '=уроды', '=дурак', '=дура', '=сука', '=суки', 'наркош', 'нарколыг', 'конченыи', 'конченая', 'конченое',
      'конченые', '=заткнись', '=клоун', 'обдолбан', '=овца', '=козел', '=лох', '=лошара', '=придурок', 'отброс',
      '=idiot', '=idiots', '=stupid', '=loser', '=bitch', '=pathetic', '=worthless', '=dumb', '=junkie', '=trash', '=shut up', '=clown',
    ],
    hate: [
      '=хач', '=хачи', 'хачеи', 'хачик', 'хачье', '=жид', '=жиды', '=жидов', 'жидяр', 'жидовск', 'пидор', 'пидар', '=пидр', 'чурк', '=хохол', '=хохлы', '=хохлов', '=хохлам',
      'нигер', 'нигге', 'чурбан', 'понаехал', 'негритос', 'черножоп', 'узкоглаз', '=пиндос', '=пиндосы',
      '=fag', '=fags', 'faggot', '=niger', '=nigers', '=niga', '=nigas', '=nigaz', '=kike', '=kikes', '=tranny', 'trannies', '=spic', '=spics', '=chink', '=chinks', 'filthy immigrant', 'go back to your country',
    ],
    secondPerson: ['=ты', '=тебя', '=тебе', '=тобои', '=вы', '=вас', '=вам', '=ваще', '=твоя', '=твои', '=you', '=your', '=youre', '=u', '=ur', '=ya', '=yall', '=yourself'],
    firstPerson: ['=я', '=меня', '=мне', '=i', '=im', '=me', '=myself'],
    drug: [
      'меф', '=мяу', '=соль', '=соли', '=солеи', '=солью', 'солев', 'альфа', '=пвп', '=апвп', 'скорост', '=спид', 'амфет', '=амф', '=фен', '=фена', 'гаш', 'шишк', 'бошк', '=план',
      'марихуан', 'каннаб', 'канаб', 'кокс', 'кокаин', 'героин', '=гер', '=геры', 'метадон', '=мет', '=мета', 'экстази', 'мдма', '=лсд', '=марки', 'гриб', 'спаис', '=микс', 'кристал',
      'лирик', 'тропикамид', 'трамадол', 'фентанил', '=ешки', '=крис',
      'meth', '=coke', 'cocaine', 'heroin', '=dope', '=smack', 'mdma', 'molly', '=xtc', 'ecstasy', '=weed', '=bud', '=kush', '=ket', 'ketamine', '=acid', '=lsd', 'shroom',
      'crystal', 'fent', '=pills', '=oxy', 'oxycodone', 'xanax', '=bars', '=speed', '=ice', 'mephedrone', '=4mmc', '=2cb', '=crack', 'spice', 'benzo',
    ],
    offer: [
      '=продам', '=продаю', '=продаем', '=продажа', 'в наличии', '=отдам', '=опт', '=оптом', 'розниц', 'прайс', 'доставк', 'скидк', 'ассортимент', 'моментальн', 'мгновенн',
      'по всему городу', 'все раионы', '=отсыплю', 'подогна', 'подгон', 'могу достать', '=достану', 'барыг',
      '=selling', '=sell', 'for sale', 'in stock', '=hmu', 'hit me up', 'price list', '=prices', '=menu', 'delivery', '=plug', 'text me', 'hook you up', 'hook u up', 'can get you',
    ],
    stash: ['закладк', '=клад', '=клады', 'кладов', 'кладмен', 'закладчик', 'закладоч', 'таиник', 'прикоп', '=магнит', 'магнитами', '=магниты', 'раскладчик', '=stash spots', 'dead drop'],
    shop: [
      'магаз', '=шоп', '=шопа', 'витрин', 'гидр', 'кракен', 'блэкспрут', 'блекспрут', '=омг', 'солярис', 'онион', 'зеркал', '=ботик',
      '=shop', 'darknet', 'onion', 'marketplace', '=vendor',
    ],
    contact: [
      '=пиши', '=пишите', 'в лс', '=лс', 'в личку', 'в личке', '=тг', 'в телеграм', 'в телегу', '=обращаитесь', 'подробности',
      '=dm', '=pm', 'dm me', 'inbox me', 'message me', 'text me', '=wickr', '=whatsapp', '=telegram', 'inbox me', 'hit me',
    ],
    buy: [
      '=куплю', '=купить', 'кто продаст', 'кто продает', 'кто продаст', 'где достать', 'где взять', 'где наити', 'где купить', '=ищу', '=нужен', '=нужна', 'у кого есть',
      'who sells', 'who is selling', 'where can i buy', 'where to buy', 'where can i get', 'anyone selling', 'looking for', 'need a plug', 'need some', '=need', 'who s got', 'барыг', 'подогна',
    ],
    recruitRole: ['курьер', 'кладмен', 'закладчик', 'раскладчик', '=склад', 'courier', '=runner', '=runners', '=drop'],
    recruitHook: ['=работа', '=работу', 'вакансия', 'требуются', '=нужны', '=ищем', '=набор', 'заработ', '=оплата', '=зп', 'доход', 'hiring', '=job', '=work', 'easy money', '=pay', '=earn'],
    harmReduction: [
      'налоксон', 'шприц', '=игла', '=иглы', '=игл', 'тест', 'реагент', 'полоск', 'презерватив', 'программ', 'терапи', 'заместительн', '=озт', 'аптек', 'врач', 'нарколог',
      'naloxone', 'narcan', 'needle', 'syringe', '=test', 'tests', 'strip', 'reagent', 'condom', 'program', 'treatment', 'therapy', 'clinic', 'doctor', 'pharmacy', 'exchange',
    ],
    spam: [
      'заработ', '=доход', 'пассивн', 'казино', '=ставки', '=ставок', 'крипт', 'инвест', 'подпис', 'подпиш', 'промокод', '=бонус', '=бонусом', 'без вложени', '=лаики', 'удален', 'на дому',
      '=earn', 'casino', 'crypto', 'airdrop', 'giveaway', 'invest', 'promo', 'subscribe', 'followers', 'bonus', 'make money', 'returns', 'passive income', 'from home',
    ],
    spamStrong: ['казино', 'промокод', 'подпишись на', 'подпишитесь на', 'без вложени', 'casino', 'airdrop', 'giveaway', 'promo code', 'join my channel', 'passive income', 'пассивн'],
    callToAction: ['переходи', 'переходите', '=жми', 'ссылк', 'профил', 'заходи', '=канал', '=click', '=join', '=claim', 'check out', 'use my', 'sign up'],
  },
};
