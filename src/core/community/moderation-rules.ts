/**
 * The default moderation rules for a community chat of people who use drugs, in Russian
 * and English. Terms are word stems matched at the start of a word; `=word` must match the
 * whole word; several words must follow each other. An organisation adds its own terms and
 * settings in a JSON file (COMMUNITY_RULES_FILE), merged over these.
 *
 * The lists describe situations, not phrases: dealing is an offer, a sale or a request to buy
 * next to a substance or goods (or a price list, coded emoji, a job in a stash network); hate
 * is a word for people who use drugs as a group next to violence, a death wish or
 * dehumanising words; an insult is an insult word aimed at someone. Drug words alone never
 * make a message offending: harm-reduction talk is full of them.
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
  /** Words for people who use drugs (or sell them) as a group, and a few other targeted groups: hate when joined with harm. */
  pwud: string[];
  /** Sweeping words ("всех", "каждого", "all of them"): with violence, an order. */
  sweep: string[];
  /** Violence done to people ("расстрелять", "gas them"). */
  violence: string[];
  /** Death and dying ("сдохнуть", "die"): hateful only with a wish or an order. */
  death: string[];
  /** Words that deny people their humanity ("мусор", "vermin", "не люди"). */
  dehumanise: string[];
  /** Wishes, orders and approval ("надо", "пусть", "should", "let", "problem solved"). */
  wish: string[];
  /** Who hears of something rather than says it ("сказали", "said", "в новостях"). */
  reporting: string[];
  secondPerson: string[];
  firstPerson: string[];
  /** Pointers at a member in the third person ("этот", "look at this", "админ"). */
  pointer: string[];
  /** Words that negate the next word ("не", "not"). */
  negation: string[];
  /** Substances (never offending on their own). */
  drug: string[];
  /** Substance words that are also everyday words ("соль", "ice", "speed"): asking for them alone is only doubtful. */
  drugCommon: string[];
  /** Goods without a name ("товар", "стафф", "the good stuff"): dealing talk. */
  goods: string[];
  /** Offers to sell or hand over: with a substance, goods, a price or a contact, dealing. */
  offer: string[];
  /** Weaker offers ("есть", "в руки", "available", "fresh"): dealing with a substance and one more sign. */
  availability: string[];
  /** Stash ("закладка") vocabulary: offending only with an offer, price or contact. */
  stash: string[];
  /** Shops and dark markets. */
  shop: string[];
  /** Ways to reach a seller ("пиши в лс", "dm me"). */
  contact: string[];
  /** Asking to buy a substance. */
  buy: string[];
  /** Asking to buy on its own ("кто барыжит", "who's holding"): dealing without a substance named. */
  buyStrong: string[];
  /** Buying in so many words ("куплю", "looking to buy"): with any substance, even an everyday word, dealing. */
  purchase: string[];
  /** Paying ("заплачу", "paying cash"): with a substance or a request, buying. */
  payment: string[];
  /** Jobs in drug selling. */
  recruitRole: string[];
  /** Jobs that are ordinary too ("курьер", "driver"): dealing only with several hooks, money or a contact. */
  jobRole: string[];
  recruitHook: string[];
  /** Harm-reduction goods and services: "где взять" these is what the chat is for. */
  harmReduction: string[];
  /** Asking about experience, effects or safety rather than for the thing itself. */
  askInfo: string[];
  /** Warnings, rules and stories about dealing ("не покупайте", "this is a scam", "раньше"). */
  warning: string[];
  /** Advertising vocabulary; `spamStrong` alone is enough. */
  spam: string[];
  spamStrong: string[];
  callToAction: string[];
  /** Emoji that stand for substances in adverts ("❄️🍬💊 в наличии"). */
  stockEmoji: string[];
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
      'хуесос', 'мраз', '=чмо', 'чмошн', 'чмошник', 'гнида', 'гниды', 'ублюд', 'уебок', 'уебищ', 'уебан', 'уебки', 'долбоеб', 'долбаеб', 'далбаеб', 'ебанут', 'ебанат', 'ебалаи', '=сдохни', 'сдохните',
      'чтоб ты сдох', 'чтоб вы сдохли', 'шлюх', 'мудил', '=мудак', '=мудаки', '=мудачье', 'иди нахуи', 'иди на хуи', 'пошел нахуи', 'пошел на хуи', 'пошла нахуи', 'пошла на хуи', 'пошел ты на',
      'пошла ты на', 'иди ты на', 'иди нахер', 'иди на хер', 'пошел на хер', 'пошел нахер', 'заткни пасть', 'закрои пасть', 'завали ебало', 'завали хлебало', 'закрои ебало', '=тварь', '=твари',
      '=тварина', 'ушлепок', 'ушлепки', 'выблядок', 'пидорас', 'тупорыл', 'ебала', 'иди в жопу', 'пошел в жопу', 'дегенерат', 'ничтожеств', 'имбецил', 'олигофрен', 'недоумок', 'гандон', 'гондон',
      'мразот', 'падла', '=сволочь', 'скотина', 'eat shit', 'dumb fuck', 'go to hell', 'fuck you', 'fuck off', 'go fuck yourself', 'fuck yourself', 'shut the fuck up', '=fucking idiot', '=cunt',
      '=kys', 'kill yourself', 'kill urself', '=asshole', '=dumbass', 'piece of shit', '=moron', '=morons', '=retard', '=retarded', '=stfu', 'screw you', '=motherfucker', '=dickhead', '=twat',
      'waste of space', 'waste of oxygen', '=braindead', 'brain dead', '=brainless', '=dipshit', '=shithead', '=imbecile', '=cretin', '=wanker', '=douchebag', 'go die', 'drop dead', 'dumb bitch',
      'stupid bitch', 'ебнут', 'рот свои закрои', 'закрои свои рот', 'пасть закрои', 'пасть свою закрои',
    ],
    insultSoft: [
      'дебил', 'идиот', '=тупои', '=тупая', '=тупые', '=тупого', '=тупую', '=тупица', 'тупиц', '=дура', '=дурочка', '=дурачок', '=сука', '=суки', '=сучка', 'наркош', 'нарколыг', 'конченыи',
      'конченая', 'конченое', 'конченые', 'конченыи', '=заткнись', '=заткнитесь', 'обдолбан', '=овца', 'отброс', '=шиза', '=кретин', '=быдло', '=нищеброд', '=свинья', '=осел', '=бестолочь',
      '=дебилка', '=контуженныи', '=петух', '=чушпан', '=позорище', 'рот закрои', 'закрои рот', '=отвали', '=idiot', '=idiots', '=stupid', '=loser', '=losers', '=bitch', '=pathetic', '=worthless',
      '=dumb', '=junkie', '=trash', 'shut up', '=clown', '=clowns', '=clueless', '=dimwit', '=jackass', '=prick', '=bastard', '=whore', '=slut', '=skank', '=douche', '=freak', '=garbage', '=pig',
      'shut your mouth', 'you suck', '=karen', '=crackhead', '=tweaker', '=fool', '=dumbo', '=airhead', '=dork', '=creep', '=lowlife', '=чучело', '=embarrassment', 'delete your account', '=дно',
      '=ничтожество', '=ugly', '=fat', '=scum', '=scumbag', 'заткнул', '=хренов', 'умник хренов', 'дебилоид', 'клоун', 'урод', 'дурак', 'придур', 'козел', 'козла', 'козлу', 'козлы', 'козлина',
      '=баран', '=барана', '=бараны', '=баранов', '=бараном', 'даун', 'шизик', '=лох', '=лоха', '=лохи', '=лохов', '=лохом', 'лошар', '=дуру', '=дуры', '=дурои', '=суку', '=сукои', '=сучара', '=овцу',
      '=овцы', '=тупицу', '=тупицы', '=идиотка', '=идиотом', 'кретин', 'имбецил', 'дегенерат',
    ],
    hate: [
      '=хач', '=хачи', 'хачеи', 'хачик', 'хачье', '=жид', '=жиды', '=жидов', 'жидяр', 'жидовск', 'пидор', 'пидар', '=пидр', 'п*дор', 'чурк', '=хохол', '=хохлы', '=хохлов', '=хохлам', 'нигер', 'нигге',
      'чурбан', 'понаехал', 'негритос', 'черножоп', 'узкоглаз', '=пиндос', '=пиндосы', '=fag', '=fags', 'faggot', '=niger', '=nigers', '=niga', '=nigas', '=nigaz', '=kike', '=kikes', '=tranny',
      'trannies', '=spic', '=spics', '=chink', '=chinks', 'filthy immigrant', 'go back to your country',
    ],
    pwud: [
      '=наркоман', '=наркомана', '=наркоманы', '=наркоманов', '=наркоманам', '=наркоманами', '=наркоманах', '=наркоманку', '=наркоманки', '=наркоманье', '=наркоманка', 'нарик', '=нарки', '=нарков',
      '=наркам', '=нарками', 'наркош', '=наркот', '=наркотов', 'торчк', '=торчи', '=торчеи', '=тарчи', 'тарчк', 'солевы', 'солевои', 'мефедронщик', 'героинщик', 'метадонщик', 'спаисер', 'спаисуха',
      'спаисух', '=джанки', 'наркозависим', '=зависимые', '=зависимых', '=зависимым', 'употребляющи', 'барыг', 'закладчиков', 'нелюд', '=таких как вы', '=таких как ты', '=ваш брат', 'junkie',
      '=junkies', '=junky', '=addict', '=addicts', 'crackhead', 'druggie', '=druggies', 'tweaker', 'methhead', 'dopehead', 'smackhead', 'pillhead', 'cokehead', 'needle freak', '=fiends', 'drug users',
      'drug addicts', 'people who use drugs', '=pwud', '=dealers', '=stoners', '=potheads', '=crackwhores', 'j*nkie', 'people like you', '=геи', '=геев', '=гомики', '=гомиков', '=мигранты',
      '=мигрантов', '=цыгане', '=цыган', '=gays', '=immigrants', '=migrants', '=gypsies', 'кто колется', 'кто употребляет', 'кто торчит', 'кто сидит на', 'those who use', 'people who inject',
      'people who shoot up', 'anyone who uses',
    ],
    sweep: [
      '=всех', '=каждого', '=каждыи', 'всех до одного', '=всем', 'them all', 'all of them', '=every', '=all', '=каждому',
    ],
    violence: [
      'сжига', 'сжечь', '=сжег', '=сжечь', 'стрелят', 'расстрел', 'перестрел', 'отстрел', 'пристрел', 'вешат', 'повесит', 'перевеша', 'к стенке', 'газов камер', 'в газовую', '=в печь', 'истреб',
      'уничтож', 'зачищ', 'зачист', '=травить', '=травите', 'потравит', '=давить', 'передав', 'в расход', 'утопит', '=топить', 'отлавлив', 'отлов', 'изолир', 'стерилиз', 'убиват', '=убить',
      '=убивать', 'перебит', 'в лагерь', 'в лагеря', 'казнит', '=казнь', 'добива', '=добить', 'веревк', 'пулю', 'пуля в', 'к стене', 'отрав', 'на кол', 'на столбах', 'избиват', 'бить их', 'выжечь',
      '=kill', '=killing', '=shoot', '=shot', '=gas', '=gassed', '=burn', '=burned', '=hang', '=hanged', 'exterminat', 'wipe out', 'wipe them', 'put down', 'put them down', 'round up',
      'round them up', '=rope', 'hang themselves', '=eliminate', 'get rid of', '=cleanse', 'clean the streets', '=purge', 'lock them all up', '=execute', '=executed', 'firing squad', '=lynch',
      '=beat them', 'deserve what they get', 'получат по заслугам', 'закопат', 'в яму', 'в одну яму',
    ],
    death: [
      'сдох', '=дохнут', '=дохли', '=дохните', 'подыха', 'подохн', 'передохн', '=умереть', '=умирать', '=умрут', '=умерли', 'передознут', 'передознулись', 'до смерти', '=смерть', 'кладбищ', 'в морг',
      'гнить', 'гниют', 'сгни', 'сгниют', '=die', '=died', '=dead', '=rot', '=overdose', 'in a ditch', 'in the gutter', 'six feet under', '=perish', '=od', '=ods', '=odd', '=oding', 'передозн',
      '=смерти', '=смертью', 'вымер', 'вымрут', 'вымира', '=extinct',
    ],
    dehumanise: [
      'биомусор', 'отброс', 'паразит', 'не люди', 'не человек', 'нелюд', 'крыс', '=скот', 'животн', '=твари', '=тварь', 'отребье', '=шваль', '=падаль', '=чума', '=зараза', '=грязь', 'недочелов',
      'выродк', '=мразь', '=мрази', 'помоика', '=скотина', 'бешеных собак', 'как собак', '=вредители', '=vermin', '=parasites', '=subhuman', '=garbage', '=trash', '=scum', '=plague', '=animals',
      'not human', 'arent human', 'not people', 'arent people', 'waste of oxygen', '=rats', '=cockroaches', '=filth', '=degenerates', '=pests', '=leeches', 'like dogs', '=мусор', '=мусором',
      '=мусоре',
    ],
    wish: [
      '=надо', '=нужно', '=должны', '=должен', '=пусть', '=пускаи', 'лучше бы', 'я бы', '=заслуживают', '=заслужили', '=заслуживает', 'чтобы они', 'так им и надо', 'туда и дорога', 'и чисто', '=чище',
      'плюс для', 'проблема решится', 'зачем их', 'зачем спасать', 'место на', 'не заслуживают', 'давно пора', '=пора', '=should', '=must', '=deserve', '=deserves', '=let', 'hope', '=need to',
      'ought', 'win for', 'good riddance', 'problem solved', 'why save', 'less trash', 'better off', 'world would be better', 'all of them', '=сдохните', '=подыхаите', '=дохните', '=издохните',
      'die already', '=чтоб', 'чтоб вы', 'чтобы вы', 'чтоб они', 'чтоб все', '=я за', 'я за то', 'i want', 'i wish', 'we should', 'id like', 'тем лучше', 'чем быстрее', 'the sooner', 'the better',
      'if i had my way', 'будь моя воля', 'будь моя власть',
    ],
    reporting: [
      'сказал', 'говорят', 'говорит', 'говорил', 'написал', '=пишут', 'называ', 'назвал', 'в новостях', 'читал', 'слышал', 'орал', 'кричал', 'обозвал', 'считает', 'считают', '=said', '=says', '=told',
      '=wrote', '=called', 'spray painted', 'graffiti', 'in the news', '=heard', 'yelled', 'screamed', '=thinks', 'who say', 'people say', 'those who say', 'who think', 'кто говорит',
      'которые говорят', '=говорил', '=говорила', 'call us', 'called us', 'call me a', 'called me a', 'называют нас', 'называют меня', 'обзывают',
    ],
    secondPerson: [
      '=ты', '=тебя', '=тебе', '=тобои', '=вы', '=вас', '=вам', '=ваще', '=твоя', '=твои', '=твое', '=твоего', '=твою', '=слышь', '=ваш', '=ваши', '=you', '=your', '=youre', '=u', '=ur', '=ya',
      '=yall', '=yourself', '=yours', '=r', '=слыш',
    ],
    firstPerson: [
      '=я', '=меня', '=мне', '=мы', '=нас', '=нам', '=i', '=im', '=me', '=myself', '=we', '=us', '=ive', '=id', '=мнои', '=мои', '=моя', '=мое', '=моего', '=my', '=mine',
    ],
    pointer: ['=этот', '=этого', '=эта', '=эту', '=этои', '=этому', '=админ', '=админа', '=модер', 'look at this', '=this guy', '=this dude', '=this idiot', '=admin', '=mod', '=what a'],
    negation: [
      '=не', '=ни', '=not', '=no', '=never', '=arent', '=isnt', '=dont', '=nobody', '=нет', '=без',
    ],
    drug: [
      'меф', '=мяу', '=соль', '=соли', '=солеи', '=солью', '=соль', 'солев', 'альфа', '=альфы', '=пвп', '=апвп', '=pvp', '=apvp', 'скорост', '=спид', '=спиды', 'амфет', '=амф', '=амфа', '=фен',
      '=фена', '=фенчик', 'гаш', 'шишк', '=шиш', 'бошк', 'марихуан', 'каннаб', 'канаб', 'кокс', 'кокаин', '=кокос', 'героин', '=гер', '=геры', '=гера', '=геру', '=хмурыи', '=хмурого', '=ханка',
      '=ханку', 'метадон', '=мет', '=мета', 'метамфет', '=винт', 'первитин', 'экстази', '=экстаз', 'мдма', '=лсд', '=марки', '=марок', 'гриб', 'псилоциб', 'спаис', 'спаис', '=микс', '=миксы',
      '=миксов', 'кристал', '=крис', '=крист', 'лирик', 'тропикамид', 'трамадол', '=трамал', 'фентанил', '=ешки', '=ешек', 'кетамин', '=кет', '=кета', 'бутират', '=гб', '=гбл', '=мука', '=муку',
      '=мел', '=мела', '=снег', '=снежок', '=снежка', '=снежку', '=снежочек', 'мефедрон', '=трава', '=травы', '=траву', '=травка', '=травки', '=травку', '=травкои', 'шмал', 'ганж', 'анаш', '=дурь',
      '=дури', 'ксанакс', 'феназепам', '=феня', 'клоназепам', 'альпразолам', '=бензы', '=бенз', '=колеса', '=колес', '=таблы', 'кодеин', 'дезоморфин', '=крокодил', '=крэк', '=крек', 'опиум', '=опии',
      'мескалин', '=дмт', '=мда', '=кислота', '=кислоту', '=гашик', '=бутор', '=ск', '=марочки', '=шишки', '=конопл', 'конопл', '=реги', '=регу', '=джив', '=спайсы', 'meth', '=coke', 'cocaine',
      'heroin', '=dope', '=smack', 'mdma', 'molly', '=xtc', 'ecstasy', '=weed', '=bud', '=kush', '=ket', 'ketamine', '=acid', '=lsd', 'shroom', 'crystal', 'fent', '=fetty', '=pills', '=oxy', '=oxys',
      '=oxies', 'oxycodone', 'xanax', '=xans', '=xannies', '=bars', '=speed', '=ice', 'mephedrone', '=4mmc', '=2cb', '=crack', 'spice', 'benzo', '=blues', '=percs', '=percocet', '=perc', '=roxies',
      '=adderall', '=addy', '=tabs', '=za', '=zaza', '=carts', '=dabs', '=edibles', '=hash', '=pot', '=ganja', '=lean', '=codeine', '=ghb', '=tina', '=blow', '=yayo', 'amphetamine', '=amph', '=amphs',
      'mushroom', 'psilocybin', '=script', '=scripts', '=pressies', '=m30', '=m30s', '=30s', '=molly', '=mandy', '=xtc', '=h', '=flakes', '=shards', '=china white', '=dmt', '=2c b', '=mescaline',
      '=tramadol', '=gabapentin', '=pregabalin', '=lyrica', '=белого', '=белыи', '=белое', '=белои', '=белую',
    ],
    drugCommon: [
      '=соль', '=соли', '=солью', '=снег', '=мел', '=мела', '=мука', '=муку', '=фен', '=фена', '=скорость', '=кислота', '=кислоту', '=марки', '=марок', '=трава', '=травы', '=траву', '=ice', '=speed',
      '=acid', '=pot', '=h', '=blow', '=bud', '=bars', '=tabs', '=pills', '=script', '=lean', '=tina', '=hash', '=альфа', '=альфы', '=грибы', '=грибов', '=ск', '=мета', '=мет', '=крис', '=спид',
      '=белого', '=белыи', '=белое', '=белои', '=белую',
    ],
    goods: [
      '=товар', '=товара', '=товаром', '=товару', '=товарчик', '=стафф', '=стафа', '=стаф', '=стаффа', '=стаффчик', '=вес', '=веса', '=продукт', '=продукта', '=продукцию', '=позиции', '=позиция',
      '=вещества', '=вещество', '=конфет', '=конфеты', '=конфетки', '=конфеток', 'чем поправит', 'чем поправиться', '=запрет', '=запрещенку', '=запрещенка', '=stuff', '=product', '=goods', '=gear',
      '=candy', '=treats', '=party favors', '=the usual',
    ],
    offer: [
      '=продам', '=продаю', '=продаем', '=продажа', '=продаем', 'в наличии', '=наличие', '=наличии', '=опт', '=оптом', 'розниц', 'прайс', 'ассортимент', 'моментальн', 'мгновенн', 'по всему городу',
      'все раионы', '=отсыплю', '=подгоню', 'подгон', 'могу достать', 'могу подогнать', '=достану', '=предлагаю', '=предлагаем', '=реализую', '=реализуем', '=толкну', 'сдам вес', 'сдам остатки',
      'мастер клад', 'гарантиру', '=уступлю', 'скину адрес', 'свежии завоз', '=завоз', 'новые позиции', 'ненаход', 'перезаклад', 'продам остатки', '=отдам', '=угощу', '=selling', '=sell', '=sells',
      'for sale', 'in stock', 'price list', '=menu', '=plug', 'hook you up', 'hook u up', 'can get you', '=restocked', '=restock', 'fresh stock', 'fresh batch', 'just landed', '=bulk', 'bulk deals',
      'got everything', 'got plenty', 'got the good', 'got that', 'got some', 'got fresh', 'fast drop', 'dm for', 'pm for', 'hit my line', 'serious buyers', '=vendor', '=pickup', 'meet ups',
      '=meetups', 'can sort you', 'sort you out', 'есть все', 'все есть', 'все в наличии', '=магнит', 'магнитами', '=магниты', 'прикоп', 'таиник', 'dead drop', 'dead drops', 'с координатами',
      'координаты', 'фото клада', 'оптов', '=отдать', 'кому отдать', 'got whatever', 'whatever you need', 'whatever u need', 'got what you need', 'everything you need', 'have plenty', 'plenty of',
      'making runs', 'got plenty of',
    ],
    availability: [
      '=есть', '=наличие', '=работаем', 'свежи', '=свежак', 'на раионе', '24 7', 'круглосуточно', 'по городу', '=в руки', 'самовывоз', '=доставка', '=доставку', 'доставк', '=скидка', '=скидки',
      'скидк', '=качество', '=качественный', '=недорого', '=дешево', '=дешего', 'оператор', 'без рецепта', 'без примесеи', 'чистеиш', 'кому надо', '=кому', '=отпишитесь', 'по себестоимости',
      '=остатки', 'от производител', 'постоянным', 'проверенным', '=available', 'fresh', '=delivery', '=deliver', '=discreet', '=cheap', '=quality', '=citywide', 'no cut', '=uncut', 'all the usual',
      '=each', '=extra', '=leftover', '=prices', '=pricing', 'have some', 'i have', '=stock', '=restock', '=anyone need', 'who wants', 'if anyone needs', '=local', '=цена', '=цену', '=цены', '=ценои',
      '=ценник', 'in town', '=best', '=лучшии', '=лучшее', '=лучшая', 'в городе', 'осталось', 'отправк', '=почтои', 'по рф', 'по россии', 'shipping', '=ship', '=ships', 'worldwide', '=vhq', '=hq',
      'высокое качество', 'top quality', '=отличные', '=отличныи', '=отличная', 'крупныи', '=огонь', '=топ', '=top', 'первыи сорт', 'высшии сорт', '=сорт',
    ],
    stash: ['закладк', '=клад', '=клады', 'кладов', 'кладмен', 'закладчик', 'закладоч', 'таиник', 'прикоп', '=магнит', 'магнитами', '=магниты', 'раскладчик', '=stash spots', 'dead drop', 'dead drops', '=drop', '=drops', '=k1ad', 'мастер клад', '=клада', '=кладом'],
    shop: [
      'магаз', '=шоп', '=шопа', 'витрин', 'гидр', 'кракен', 'блэкспрут', 'блекспрут', '=омг', 'солярис', 'онион', 'зеркал', '=ботик', '=мега', 'мегу', 'дарк', 'даркнет', 'тор браузер',
      '=shop', 'darknet', 'onion', 'marketplace', '=vendor', '=dispensary', '=dispo', '=store', 'dark web',
    ],
    contact: [
      '=пиши', '=пишите', '=писать', 'в лс', '=лс', 'в личку', 'в личке', '=тг', 'в телеграм', 'в телегу', '=обращаитесь', '=обращаться', 'подробности', '=отпишитесь', '=отпиши', '=стучите', '=стучи',
      'жду в', '=звоните', 'в директ', '=личку', '=dm', '=pm', 'dm me', 'inbox me', 'message me', 'text me', '=wickr', '=whatsapp', '=telegram', 'hit me', '=hmu', 'hit me up', '=signal',
      'hit my line', '=inbox', '=snap', '=snapchat', 'my line', '=dms', '=звони', 'call me',
    ],
    buy: [
      '=куплю', '=купить', 'кто продаст', 'кто продает', 'кто продаст', 'где достать', 'где взять', 'где наити', 'где купить', '=ищу', '=нужен', '=нужна', '=нужно', 'у кого есть', 'есть у кого',
      '=возьму', 'у кого взять', 'у кого можно', '=подогнать', '=подгонит', '=подгоните', 'кто может', 'кто подгонит', '=достать', '=взять', 'помочь с', 'хочу купить', 'хочу взять', '=закупиться',
      'кто угостит', 'who sells', 'who is selling', 'where can i buy', 'where to buy', 'where can i get', 'anyone selling', 'looking for', 'need a plug', 'need some', '=need', 'whos got', 'who has',
      'anyone got', 'anyone have', 'looking to buy', 'looking to pick up', 'tryna cop', 'trying to cop', '=cop', 'sort me out', 'hook me up', 'can someone get', 'who can get', 'who can hook',
      'pick up', 'want to buy', 'wanna buy', 'need a connect', 'where do i get', 'есть че', 'есть чо', 'есть чего', 'есть кто с чем', 'кто с чем', 'угост', 'sort me', 'кто может угостить',
      'кто знает', 'посоветуите', 'подскажите',
    ],
    buyStrong: [
      'кто барыжит', 'кто торгует', 'ищу барыгу', 'ищу барыжку', 'нужен барыга', 'кто продает', 'кто продаст', 'кто тут продает', 'кто барыга', 'даите контакт барыги', 'контакт барыги', 'контакт магаз', 'подскажите магаз', 'посоветуите магаз',
      'whos holding', 'who is holding', 'anyone holding', 'anyone here sell', 'need a plug', 'need a connect', 'looking for a connect', 'looking for a plug', 'who sells', 'who is selling', 'anyone selling', 'who can hook me up', 'know a plug',
    ],
    purchase: [
      '=куплю', '=возьму', '=закуплюсь', 'хочу купить', 'хочу взять', '=закупиться', 'куплю', '=buy', '=buying', 'want to buy', 'wanna buy', 'looking to buy', 'looking to pick up', 'tryna cop',
      'trying to cop', '=cop', 'pick up some', '=score', 'who can get me', 'can someone get me', 'кто может достать', 'кто достанет', 'кто подгонит', 'кто может подогнать',
    ],
    payment: [
      'заплачу', '=плачу', 'оплачу', 'деньги есть', 'деньги готовы', 'за нал', '=наличкои', 'на карту', 'плачу сразу', 'оплата сразу', 'в крипте', 'криптои', '=btc', '=usdt', 'paying cash',
      'pay cash', 'will pay', 'paying well', 'cash ready', 'i pay', '=venmo', '=cashapp', 'pay in btc', 'paying', 'оплат', 'после оплаты', 'за денежку', 'за деньги', '=денежку', 'переведу',
      'скину на карту', 'cash in hand', '=налом',
    ],
    recruitRole: [
      'кладмен', 'закладчик', 'раскладчик', 'раскладк', 'мастер клад', 'фасовщик', 'фасовк', '=граффитчик', 'трафарет', 'химик', '=кладов', '=droppers', 'stash courier', '=химиков', '=клады', 'склад',
      '=dropper', 'stash couriers', 'drop courier', 'drop couriers', 'stash runner',
    ],
    jobRole: [
      'курьер', 'оператор', 'водител', '=перевозчик', '=упаковщик', 'courier', '=runner', '=runners', '=packer', '=packers', '=drivers', '=driver', '=operators', '=operator', '=mules', '=mule',
      'разнос',
    ],
    recruitHook: [
      '=работа', '=работу', '=работои', 'подработ', 'вакансия', 'требуются', 'требуется', '=нужны', '=нужен', '=ищем', '=набор', 'набираем', 'заработ', '=оплата', '=зп', 'доход', 'выплат', 'в неделю',
      'в день', 'за смену', 'за адрес', 'свободныи график', 'обучение', 'опыт не', 'залог', 'предлагаю работу', '=платим', 'высокая оплата', 'hiring', '=job', '=work', 'easy money', 'easy cash',
      '=pay', '=paid', '=earn', 'recruiting', '=wanted', 'per drop', 'a week', 'per week', 'no experience', 'paid daily', 'cash daily', '=needed', 'деликатн', 'анонимно', 'без опыта', 'паспорт не',
      '=need', '=нужна', 'no questions', 'за вечер', 'за ночь', 'за час',
    ],
    harmReduction: [
      'налоксон', 'шприц', '=игла', '=иглы', '=игл', 'тест', 'реагент', 'полоск', 'презерватив', 'программ', 'терапи', 'заместительн', '=озт', 'аптек', 'врач', 'нарколог', 'баян', '=инсулинк', 'инсулинк', 'фильтр', 'салфетк', 'автобус',
      'консультант', 'стационар', 'ребцентр', 'реабилит', 'психолог', 'юрист', 'адвокат', 'помощ', 'поддержк', 'групп', '=вич', '=спид центр', 'гепатит', 'арвт', 'кабинет', 'поликлиник', 'больниц', '=скорая', 'лечен', '=доз', 'доза',
      'naloxone', 'narcan', 'needle', 'syringe', '=test', 'tests', 'strip', 'reagent', 'condom', 'program', 'treatment', 'therapy', 'clinic', 'doctor', 'pharmacy', 'exchange', '=sharps', 'detox', '=rehab', 'support', 'counsel', 'suboxone',
      '=kit', '=kits', '=van', 'outreach', '=help', 'lawyer', 'sterile', 'cooker', 'filter', 'fentanyl test', '=hiv', '=prep', '=pep', 'hospital', 'nurse', 'prescri',
    ],
    askInfo: [
      'опыт', 'совет', 'информац', '=инфу', '=как', 'сколько', 'почему', 'можно ли', 'безопасн', 'дозировк', 'опасно', 'вредно', 'смешива', 'мешать', 'держится', 'последстви', 'побочк', 'эффект',
      'отзыв', '=про', 'experience', 'advice', '=info', '=how', 'safe', '=dose', '=dosing', 'dangerous', 'mix', 'effects', 'side effect', '=about', 'is it', 'risk', 'вопрос', 'question',
      'с чем мешать', 'с чем можно', 'с чем совмещать', 'с чем смешивать',
    ],
    warning: [
      'не покупаите', 'не берите', 'не ведитесь', 'не верьте', 'не отвечаите', 'не ищите', 'не связываитесь', 'перестаньте', '=нельзя', 'запрещ', 'не к нам', 'ничего не прода', 'не продаем', 'блокир',
      '=бан', '=баним', 'забан', 'кидал', '=развод', 'подстав', 'вербовк', '=тюрьма', '=тюрьму', '=сроки', '=срок', '=статья', '=статье', 'скрин', 'жалоб', 'админам', 'осторожн', 'аккуратн', 'будьте',
      'игнор', '=мусора', '=менты', 'полиц', 'облав', 'закрыли', 'посадили', 'подкидыва', '=раньше', 'отсидел', 'когда то', 'бывшии', 'не к нам', 'кинул', 'кинули', 'остерегаит', 'фальшив',
      'это ловушка', 'сажают', 'не надо', 'вербуют', 'dont buy', 'dont answer', 'never answer', 'never buy', 'not allowed', 'no dealing', 'no selling', 'banned', 'get banned', '=ban', '=block',
      'screenshot', 'report', 'scam', '=cops', '=police', 'be careful', 'stop posting', 'not a market', 'they recruit', 'thats how', '=charge', 'prison', '=jail', 'busted', 'locked up', 'ripped off',
      'used to', 'back in', 'dont trust', 'watch out', 'beware', 'fake', 'set up', 'dont fall for', 'avoid', 'предупрежда', 'пришло', 'прислали', '=пишут', 'зовет', 'зовут', 'предлагают',
      'предложили', 'got an ad', 'got a message', 'keep getting', 'keeps dming', 'dming me', 'offered me', 'someone offered', 'they offer', 'пишет', '=админы', 'кто то пишет', 'what do i do',
      'что делать',
    ],
    spam: [
      'заработ', '=доход', 'пассивн', 'казино', '=ставки', '=ставок', 'крипт', 'инвест', 'подпис', 'подпиш', 'промокод', '=бонус', '=бонусы', '=бонусом', 'без вложени', '=лаики', 'удален', 'на дому',
      'из дома', 'кредит', '=займ', '=заим', 'без отказа', 'без проверки', 'накрутк', 'раскрутк', 'просмотр', 'розыгрыш', 'репост', 'выигра', 'айфон', 'фриспин', 'регистрир', 'эскорт', 'интим',
      'девушки', 'трейдер', 'сигналы', 'арбитраж', 'битк', 'биткоин', 'токен', 'гаранти', 'аккаунт', 'отзывы', 'акци', 'скидк', 'бесплатн', 'закрытыи клуб', 'вип', 'продвижен', 'подписчик',
      'договорн', 'прогноз', 'в день', 'в неделю', '=earn', 'casino', 'crypto', 'airdrop', 'giveaway', 'invest', 'promo', 'subscribe', 'followers', 'bonus', 'make money', 'returns', 'passive income',
      'from home', '=loan', '=loans', 'credit check', 'approved', '=views', '=likes', 'free spins', '=token', 'moons', '=100x', 'guarantee', '=vip', 'signals', 'win rate', 'hot singles', 'escort',
      '=accounts', '=account', '=vpn', 'discount', '=claim', 'register', 'reward', 'bitcoin', '=daily', 'per day', 'a day', 'reviews', 'huge', 'instant payment', 'recovery service', 'lost funds',
      '=free', '=win', 'iphone', 'no experience', 'подзаработ', 'без риска', 'approv', 'bad credit', 'быстрыи заработок', 'one trick', 'order now', 'похуде', 'lose weight', 'weight loss', 'gift card',
      'first 100', 'быстрые деньги', 'под залог', 'fast cash', '=iptv',
    ],
    spamStrong: [
      'казино', 'промокод', 'подпишись на', 'подпишитесь на', 'без вложени', 'пассивн', 'фриспин', 'займ без', 'заим без', 'без отказа', 'накрутк', 'раскрутка канал', 'эскорт', 'договорные матчи', 'ставки на спорт', 'сигналы по',
      'casino', 'airdrop', 'giveaway', 'promo code', 'join my channel', 'passive income', 'free spins', 'hot singles', 'no credit check', 'trading signals', 'buy followers', 'before it moons', 'recovery service', 'escort service',
    ],
    callToAction: [
      'переходи', 'переходите', '=жми', '=жмите', 'ссылк', 'профил', 'заходи', '=канал', '=регистрируися', '=пиши', '=пишите', 'вступаи', 'подробнее', 'смотрите', 'по ссылке', '=бот', '=бота',
      '=click', '=join', '=claim', 'check out', 'use my', 'sign up', '=register', 'link in', '=bio', 'go to', '=visit', '=dm', 'order', '=menu', '=bot', '=channel',
    ],
    stockEmoji: ['❄', '🍬', '💊', '🍄', '🌿', '🍁', '💎', '🧊', '🍭', '🍃', '🌱', '🐱', '🍫', '⛄', '☃', '🌲', '🚀', '🔮', '🧪', '💉'],
  },
};
