/**
 * The web chat's codename words: common, harmless nouns (no drugs, no police, nothing that
 * hurts to read), each written once, lower case, without ё. A codename is
 * {@link CODENAME_WORDS} of them drawn uniformly at random (see codename.ts for the entropy).
 * @module
 */

const split = (words: string): readonly string[] => Object.freeze(words.trim().split(/\s+/));

/** English words (<method-wrapper '__len__' of list object at 0x7f2b50a03740>). */
export const EN_WORDS = split(`
acorn actor adult advice agent air alarm album alley amber anchor angle animal ankle answer apple
apron arch area arm arrow artist ash attic aunt author autumn avenue award axis baby back bacon
badge bag baker ball balloon bamboo banana band bank barn barrel basket bat bath beach beam bean
bear beard bed bee beetle bell belt bench berry bike bird biscuit blade blanket block bloom board
boat body bolt bone book boot bottle bowl box branch bread brick bridge brook broom brush bubble
bucket bud bull bundle bus bush butter button cabin cable cactus cafe cake camel camera camp canal
candle candy canoe canvas cap car card carpet carrot cart castle cat cave cedar cell chair chalk
cheese cherry chess chest chicken chin cider circle city clay cliff clock cloud clover coat cocoa
coconut coffee coin collar comet copper coral corn corner cotton couch cousin cow crab crane crayon
cream creek crown cup curtain cushion daisy dance dawn deer desert desk dew diamond dinner dish
dock dog doll dolphin door dragon drawer dream dress drum duck dune eagle ear earth echo egg elbow
elk engine fabric face falcon farm feather fence fern ferry field fig film finger fire fish flag
flame flute foam fog forest fork fox frame frog fruit garden gate gem gift ginger glass glove goat
gold goose grape grass gravel guitar gull hammer hand harbor harp hat hawk hay heart hedge hill
hive honey hook horn horse hotel house ice igloo ink iron island ivy jacket jam jar jelly jet jewel
juice kettle key kite kitten knee knot koala label lace ladder lake lamb lamp lantern lark lawn
leaf lemon letter lettuce lily lime lion lizard llama lobster lock log lotus magnet mango map maple
marble market mask meadow melon mill mint mirror mitten mole moon moose moss moth motor mountain
mouse mud mug museum music nest net needle noodle north nut oak oar ocean olive onion orange orbit
otter oven owl ox paddle page paint palm pancake panda paper parcel park parrot pasta path peach
pear pearl pebble pen pencil penguin pepper piano picnic pie pig pillow pilot pine pipe planet
plant plate plum pocket poem pond pony pool poppy porch potato pottery puddle pumpkin puppet quail
quilt rabbit radio raft rain rainbow raven reed ribbon rice ring river road robin rock roof room
root rope rose ruby rug sail salad salmon salt sand scarf school sea seal seed shadow shark sheep
shell ship shoe shore silk silver sink skate sky sled slipper snail snow soap sock sofa soup spade
spider sponge spoon spring square squid stable stair star station steam stone stove straw stream
street string sugar suit summer sun swan sweater swing table tail tea teapot tent thread thumb
tiger tile timber toast toe tomato tooth torch towel tower town toy track tractor train tree tulip
tunnel turkey turtle twig umbrella valley van vase velvet violin wagon wall walnut walrus wand
water wave wax whale wheat wheel whistle willow window wing winter wolf wood wool yard yarn yogurt
zebra zipper badger beaver bison blossom bramble breeze cabbage canyon caramel cashew chimney
cobalt compass cricket cupcake dandelion delta dinghy donkey emerald falafel ferret fiddle firefly
flamingo fountain gazelle geyser glacier goblet granite hammock harvest hazel heron hippo iceberg
jaguar jasmine juniper kayak kiwi ladle lagoon lavender lemur lynx mammoth meteor muffin mustard
nectar nutmeg oasis orchid ostrich paprika pelican pepperoni pickle pinecone plaza pudding quartz
raisin reef saffron sapphire sardine satin sequoia sherbet sparrow spruce squash starling sunflower
tadpole tangerine thistle thunder toucan truffle tundra vanilla waffle wren yak
`);

/** Russian words (793). */
export const RU_WORDS = split(`
абрикос автобус адрес айва акула алмаз альбом ананас апельсин арбуз арка аромат астра атлас аист
багаж бадминтон баклажан балкон банан бант баран барабан бархат бассейн батон башня бегемот берег
береза бинокль бисер блин блокнот блюдо бобр борщ ботинок брусника бублик бузина букет бумага бусы
бутерброд валенок варенье василек ведро веер велосипед веник ветер ветка вилка виноград вишня вода
водопад волна ворона ворота восход вулкан гавань газета галка гамак гармонь гвоздика гепард герань
гитара глобус гнездо голубь гора горох горшок гриб груша гусь дача дельфин дерево диван дождь
долина дом дорога доска дракон дрозд дуб дудка дыня енот ежевика ель ерш жасмин желудь жираф
журавль журнал забор завтрак закат замок заря звезда зебра зеркало зерно змей зонт зубр ива игла
изюм индюк иней ирис кабачок кактус календарь камень камыш канат капуста карандаш карман карта
картофель каша каштан кедр кекс кисель кисть клевер ключ книга ковер колесо колокол комета компас
корабль корзина корова кофе краб кран крапива крокус кролик кружка крыло кукуруза кулон купол кухня
лагуна лампа ландыш ласточка лебедь лев лейка лента лес лестница лимон липа лиса лист лодка ложка
луг лук луна лыжи льдина магнит мак малина манго мандарин маяк медведь мед мельница месяц метла
миндаль мишка море морковь мост мох мука мыло мята небо носок облако овес огонь огород огурец озеро
окно олень оливка орел орех осина остров пальма память панда парк парус пчела пенал перец перо
персик песок печенье пирог платок плед плита площадь поезд поле полка помидор попугай пруд птица
пуговица пушинка радуга ракета река репа рис роза ромашка рубин ручей рыба рябина сад салат сани
сапог свеча сено сирень скамья скрипка слон снег сова сок сокол солнце соль сосна стакан стол
страус сугроб сыр тарелка театр тигр тополь трамвай трава тропа тыква улитка утка утро фасоль
фиалка фонарь фонтан чайка чайник черника чашка шар шарф шишка шоколад щука яблоко ягода якорь
янтарь ящерица айсберг аллея антилопа апрель арфа базилик балет барсук батарея бочка бревно бриз
брошь бульон буран бусина ваза ваниль ватрушка веранда вереск вечер взгляд вишенка вьюга гагара
галстук гвоздь гиацинт глина гномик гранат гребень грелка гром гусеница дятел жемчуг жук зайчик
залив запах звонок земляника зима зяблик изумруд индиго йогурт кабан калина камин каравай карамель
карась катер квас кедровка кизил кит клен клубника ковш кокос колибри колодец конфета корица костер
котенок кофейник крендель крыжовник кувшин кузнечик кукушка купальник лаванда лавка ладья лазурь
лайм лампочка ледник лемур леопард лимонад лось лотос льняной мангал маслина матрешка медуза мешок
мозаика молоко морж мороженое мотылек мускат мышка напиток нарцисс облепиха обруч овца одуванчик
окунь опушка орхидея осень охра пакет палатка папоротник паром пеликан пенка перрон песня пингвин
пион пирамида пирожок писатель плот пляж повар подушка подсолнух полынь пончик порог почта пряник
пудинг пума пустыня пшено радио ракушка ремень рожь ромб рукавица рюкзак самовар сардина сахар
светлячок свитер север сельдерей сердце серп сигнал скворец слива сметана снегирь собака сокровище
сом сорока стрекоза струна сундук сухарь табурет тайга тапочки творог телега тесто тетрадь тишина
тмин торт трактор трюфель тулуп тундра туча тюльпан узор укроп улей ураган утюг фазан фарфор
фенхель финик флаг фламинго флейта форель фрегат халва хвоя хлеб хлопок холм хомяк хризантема хурма
цапля цветок циркуль цитрус чабрец чемодан черепаха чернила чеснок чудо шалаш шалфей шахматы
шезлонг шиповник шкатулка шмель щавель щегол эклер эскимо юла юрта ягненок ярмарка яхта ячмень
абажур азалия акварель аккордеон аметист ангар анис аптека астроном баржа барометр батут бекон
беседка бирюза бобы бокал бублики буйвол вагон вальс варежка вата верблюд вертолет веснушка вешалка
виола витрина водоросль волчок воробей вязание газон гайка гараж гербарий гиря глазурь глубина
гобелен головоломка гольф гравий грейпфрут гречка дирижабль домино жилет желе загадка закладка
запонка звездочка зубило икра инжир ирга йога калач камбала канарейка каноэ капля карусель каток
каюта квадрат кегли керамика кипарис кирпич кларнет клюква кнопка кожура колос комод коньки копилка
корешок коробка косуля кофта краска крокодил крупа кубик кулич куница лабиринт лапша ледокол
лепесток лилия лобстер ломтик лопата луковица люстра магнолия майка макароны малахит мармелад маска
мачта медальон мелодия метель мидия микроскоп миска мольберт мускатник мячик наперсток насос
новости ноты нут облачко овсянка одеяло ожерелье окорок омар оранжерея оркестр осьминог оттепель
павлин палитра пар паук пахлава пашня перчатка пижама пирс пицца планета пластилин платан плащ
пломбир плющ погода поднос позолота полено полумесяц помело портрет посылка пресс примула пробка
проталина пружина прялка пуховик пчелка пюре равнина радиола ранец рассвет ревень рельс реснички
роща рубашка рулет ручка рябчик салфетка сапфир сарай свекла свисток сервиз сетка сеялка синица
скакалка склон скороговорка слоеный снежинка созвездие соловей солома сорбет сосулька спичка стрела
ступенька суп сурок сушка сыроежка таз тамбурин тапир теплица терраса тесьма тоннель топаз трель
трюм тучка тыквенный уголь удочка укулеле умница фартук фасад фестиваль фисташка фольга фрикаделька
халат хворост хлопья хоровод хрусталь цукат цыпленок чабан чаща челнок черешня чертеж чечевица
чижик шатер шелк шиншилла шпинат штурвал щенок щетка эвкалипт экран эхо юбка ягуар ялик ясень
`);
