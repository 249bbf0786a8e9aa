"""Names of Uzbek, Tajik and Kyrgyz adults for synthetic data, each as (Cyrillic, Latin).

Sources: DOMAIN.md §4.4 (national name rankings, common surnames of Kazakhstan's
Ministry of Justice list, Uzbek surnames), completed with common Soviet-era adult names.
The Latin column is the spelling of the national passport (Uzbek Latin for Uzbekistan).

Each list is ranked, the most common first: the generator draws from it with falling
weights (``RANK_OFFSET``). The hand-written pairs come first; after them, more names
written in Cyrillic and put in the passport's Latin by ``passport_latin``, and surnames
made as Central Asian surnames are, from an ancestor's given name with the national ending
(Karim → Karimov, Karimboyev, Karimqulov; Karimzoda in Tajikistan; Asan → Asanbekov in
Kyrgyzstan). A registry of a million migrants drawn from a few dozen names would give each
full name some 300 bearers; drawn from these, a person shares the full name with a few
dozen people, nearer what a registry holds (DOMAIN.md §4.4 [I]).
"""

import functools
import itertools
import random

UZ_MALE = [
    ("Шерзод", "Sherzod"),
    ("Баҳодир", "Bahodir"),
    ("Рустам", "Rustam"),
    ("Жасур", "Jasur"),
    ("Отабек", "Otabek"),
    ("Дилшод", "Dilshod"),
    ("Улуғбек", "Ulugʻbek"),
    ("Шуҳрат", "Shuhrat"),
    ("Фарҳод", "Farhod"),
    ("Акмал", "Akmal"),
    ("Бекзод", "Bekzod"),
    ("Сардор", "Sardor"),
    ("Жамшид", "Jamshid"),
    ("Нодир", "Nodir"),
    ("Ойбек", "Oybek"),
    ("Ўктам", "Oʻktam"),
    ("Анвар", "Anvar"),
    ("Азиз", "Aziz"),
    ("Бобур", "Bobur"),
    ("Санжар", "Sanjar"),
    ("Достон", "Doston"),
    ("Илҳом", "Ilhom"),
    ("Камол", "Kamol"),
    ("Равшан", "Ravshan"),
    ("Тоҳир", "Tohir"),
    ("Хуршид", "Xurshid"),
    ("Эркин", "Erkin"),
    ("Ғайрат", "Gʻayrat"),
    ("Шавкат", "Shavkat"),
    ("Жавоҳир", "Javohir"),
    ("Жаҳонгир", "Jahongir"),
    ("Мансур", "Mansur"),
    ("Ботир", "Botir"),
    ("Зафар", "Zafar"),
    ("Исломбек", "Islombek"),
    ("Муродбек", "Murodbek"),
]
UZ_FEMALE = [
    ("Дилноза", "Dilnoza"),
    ("Гулнора", "Gulnora"),
    ("Нилуфар", "Nilufar"),
    ("Малика", "Malika"),
    ("Феруза", "Feruza"),
    ("Зарина", "Zarina"),
    ("Шаҳноза", "Shahnoza"),
    ("Мадина", "Madina"),
    ("Нигора", "Nigora"),
    ("Ўғилой", "Oʻgʻiloy"),
    ("Маҳлиё", "Mahliyo"),
    ("Гулчеҳра", "Gulchehra"),
    ("Мунира", "Munira"),
    ("Садоқат", "Sadoqat"),
    ("Юлдуз", "Yulduz"),
    ("Севара", "Sevara"),
    ("Дурдона", "Durdona"),
    ("Азиза", "Aziza"),
    ("Моҳинур", "Mohinur"),
    ("Фотима", "Fotima"),
]
UZ_SURNAMES = [
    ("Каримов", "Karimov"),
    ("Абдуллаев", "Abdullayev"),
    ("Раҳимов", "Rahimov"),
    ("Юсупов", "Yusupov"),
    ("Умаров", "Umarov"),
    ("Иброҳимов", "Ibrohimov"),
    ("Хусанов", "Xusanov"),
    ("Турсунов", "Tursunov"),
    ("Эргашев", "Ergashev"),
    ("Назаров", "Nazarov"),
    ("Собиров", "Sobirov"),
    ("Холматов", "Xolmatov"),
    ("Йўлдошев", "Yoʻldoshev"),
    ("Мирзаев", "Mirzayev"),
    ("Азимов", "Azimov"),
    ("Қодиров", "Qodirov"),
    ("Ғафуров", "Gʻafurov"),
    ("Тошпўлатов", "Toshpoʻlatov"),
    ("Исмоилов", "Ismoilov"),
    ("Расулов", "Rasulov"),
    ("Саидов", "Saidov"),
    ("Усмонов", "Usmonov"),
    ("Норматов", "Normatov"),
    ("Жўраев", "Joʻrayev"),
    ("Ҳамроев", "Hamroyev"),
    ("Бозоров", "Bozorov"),
    ("Алиев", "Aliyev"),
    ("Маматқулов", "Mamatqulov"),
    ("Шукуров", "Shukurov"),
    ("Холиқов", "Xoliqov"),
]
TJ_MALE = [
    ("Ҷамшед", "Jamshed"),
    ("Суҳроб", "Suhrob"),
    ("Фирӯз", "Firuz"),
    ("Баҳром", "Bahrom"),
    ("Рустам", "Rustam"),
    ("Фаридун", "Faridun"),
    ("Сиёвуш", "Siyovush"),
    ("Далер", "Daler"),
    ("Меҳроҷ", "Mehroj"),
    ("Исмоил", "Ismoil"),
    ("Абдуллоҳ", "Abdulloh"),
    ("Носир", "Nosir"),
    ("Шоҳрух", "Shohrukh"),
    ("Фаррух", "Farrukh"),
    ("Умед", "Umed"),
    ("Комрон", "Komron"),
]
TJ_FEMALE = [
    ("Манижа", "Manizha"),
    ("Таҳмина", "Tahmina"),
    ("Нигина", "Nigina"),
    ("Мавзуна", "Mavzuna"),
    ("Гулнора", "Gulnora"),
    ("Зарина", "Zarina"),
    ("Шаҳло", "Shahlo"),
    ("Меҳрона", "Mehrona"),
]
TJ_SURNAMES = [
    ("Раҳмонов", "Rahmonov"),
    ("Каримзода", "Karimzoda"),
    ("Сафаров", "Safarov"),
    ("Шарипов", "Sharipov"),
    ("Назаров", "Nazarov"),
    ("Давлатов", "Davlatov"),
    ("Саидов", "Saidov"),
    ("Ҷӯраев", "Juraev"),
    ("Раҳимзода", "Rahimzoda"),
    ("Қурбонов", "Qurbonov"),
    ("Одинаев", "Odinaev"),
    ("Ҳасанов", "Hasanov"),
    ("Саидзода", "Saidzoda"),
    ("Мирзоев", "Mirzoev"),
    ("Шарифӣ", "Sharifi"),
    ("Нозимов", "Nozimov"),
]
KG_MALE = [
    ("Азамат", "Azamat"),
    ("Нурлан", "Nurlan"),
    ("Айбек", "Aibek"),
    ("Канат", "Kanat"),
    ("Нурбек", "Nurbek"),
    ("Бакыт", "Bakyt"),
    ("Эрлан", "Erlan"),
    ("Улан", "Ulan"),
    ("Талант", "Talant"),
    ("Мирлан", "Mirlan"),
    ("Кубаныч", "Kubanych"),
    ("Жоомарт", "Zhoomart"),
    ("Темирлан", "Temirlan"),
    ("Эрмек", "Ermek"),
    ("Нурсултан", "Nursultan"),
    ("Максат", "Maksat"),
]
KG_FEMALE = [
    ("Айгүл", "Aigul"),
    ("Айжан", "Aizhan"),
    ("Гүлнара", "Gulnara"),
    ("Чолпон", "Cholpon"),
    ("Жылдыз", "Zhyldyz"),
    ("Назира", "Nazira"),
    ("Айпери", "Aiperi"),
    ("Бермет", "Bermet"),
    ("Гүлзат", "Gulzat"),
    ("Асель", "Asel"),
]
KG_SURNAMES = [
    ("Асанов", "Asanov"),
    ("Үсөнов", "Usenov"),
    ("Токтогулов", "Toktogulov"),
    ("Маматов", "Mamatov"),
    ("Жумабаев", "Zhumabaev"),
    ("Абдыкадыров", "Abdykadyrov"),
    ("Осмонов", "Osmonov"),
    ("Токтосунов", "Toktosunov"),
    ("Бакиров", "Bakirov"),
    ("Сатыбалдиев", "Satybaldiev"),
    ("Сыдыков", "Sydykov"),
    ("Турдубаев", "Turdubaev"),
    ("Өмүрбеков", "Omurbekov"),
    ("Кеңешов", "Keneshov"),
]

# A name of rank r (0 the most common) is drawn with weight 1 / (r + RANK_OFFSET): the most
# common Uzbek man's name is borne by one man in forty, and a person shares the full name
# with some twenty others in a registry of a million.
RANK_OFFSET = 20


@functools.cache
def _cumulative_weights(count: int) -> list[float]:
    return list(itertools.accumulate(1 / (rank + RANK_OFFSET) for rank in range(count)))


def draw(names: list[tuple[str, str]], rng: random.Random) -> tuple[str, str]:
    """One of the ranked ``names``, the common ones more often."""
    return rng.choices(names, cum_weights=_cumulative_weights(len(names)))[0]


# Letters of each national Cyrillic alphabet in the passport's Latin: Uzbek Latin for
# Uzbekistan (e after a vowel or at the start of a word is ye), the transliteration of the
# Tajik and Kyrgyz passports for the others.
_COMMON_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "ц": "ts", "ч": "ch", "ш": "sh",
    "ы": "y", "ь": "", "ъ": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_LATIN = {
    "UZ": {
        **_COMMON_LATIN, "ж": "j", "х": "x", "ҳ": "h", "қ": "q", "ғ": "gʻ", "ў": "oʻ",
        "ъ": "ʼ",
    },
    "TJ": {
        **_COMMON_LATIN, "ж": "zh", "х": "kh", "ҳ": "h", "қ": "q", "ғ": "gh", "ӯ": "u",
        "ӣ": "i", "ҷ": "j",
    },
    "KG": {**_COMMON_LATIN, "ж": "zh", "х": "kh", "й": "i", "ң": "n", "ө": "o", "ү": "u"},
}  # fmt: skip
_VOWELS = frozenset("аеёиоуўыэюяӯӣөү")


def passport_latin(name: str, code: str) -> str:
    """``name`` in the Latin of the passport of the country ``code``."""
    letters = _LATIN[code]
    latin = []
    for index, char in enumerate(name):
        lower = char.lower()
        new = letters[lower]
        if code == "UZ" and lower == "е" and (index == 0 or name[index - 1].lower() in _VOWELS):
            new = "ye"
        latin.append(new.capitalize() if char.isupper() else new)
    return "".join(latin)


def _spelt(names: str, code: str) -> list[tuple[str, str]]:
    return [(name, passport_latin(name, code)) for name in names.split()]


def _ranked(names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``names`` without a name repeated further down the ranking."""
    return list(dict.fromkeys(names))


def _surname(root: str) -> str:
    if root.endswith("й"):
        return root[:-1] + "ев"
    if root[-1] in _VOWELS or root[-1] in "жшч":
        return root + "ев"
    return root + "ов"


def _surnames(roots: str, code: str, endings: tuple[str, ...]) -> list[tuple[str, str]]:
    """Surnames from ancestors' names: each root with each ending, the plain one first."""
    made = []
    for ending in endings:
        for root in roots.split():
            if ending and root.endswith(("бой", "қул", "бек", "бай")):
                continue
            surname = root + ending if ending == "зода" else _surname(root + ending)
            made.append((surname, passport_latin(surname, code)))
    return made


UZ_MALE += _spelt(
    """
    Абдулла Алишер Бахтиёр Дониёр Фаррух Ҳасан Ҳусан Ҳамид Икром Қаҳрамон Лазиз Мақсуд
    Муҳаммад Мирзо Неъмат Нуриддин Одил Олим Рашид Раҳим Раҳмон Салим Шоҳрух Тимур Умид
    Ўткир Воҳид Ёқуб Юсуф Абдураҳмон Акбар Асқар Беҳзод Даврон Дилмурод Элёр Фахриддин
    Ҳикмат Иззат Камолиддин Мухтор Низом Обид Пўлат Рауф Сирожиддин Шамсиддин Шароф
    Зайниддин Зоҳид Абдуқодир Абдувоҳид Абдумалик Жалолиддин Мўмин Нурали Ражаб Самандар
    Толиб Турғун Фозил Хайрулло Шерали Элбек Ғолиб Ҳусниддин Ислом Комил Латиф Мурод Наим
    Озод Сарвар Темур Ўлмас Абдусалом Абдужаббор Ибодулла Иномжон Орифжон Сойибжон
    Валижон Тоҳиржон Ғанишер Зиёвуддин Аъзам Суннатилла Саидакбар Сайфулло Нормурод
    Эшмат Тошмат Холмат Турсунбой Мамажон Абдулҳай Аброр Алижон Азамат Бекмурод Болтабой
    """,
    "UZ",
)
UZ_FEMALE += _spelt(
    """
    Барно Гавҳар Гулноза Гулшан Дилдора Дилфуза Дилором Зилола Зулфия Ирода Камола Лайло
    Лола Матлуба Мафтуна Муқаддас Наргиза Насиба Нодира Нозима Озода Раъно Саида Сайёра
    Сарвиноз Севинч Ситора Сурайё Умида Ҳилола Ҳулкар Шоира Шоҳида Элмира Гулбаҳор
    Муаззам Мавлуда Манзура Маржона Моҳира Муниса Нафиса Хуршида Шаҳло Дилбар Гулжаҳон
    Зебо Замира Комила Ойгул Мунаввар Барчиной Гулсара Робия Ҳурмат Дилафрўз Нигина
    """,
    "UZ",
)
UZ_SURNAMES += _surnames(
    """
    Абдураҳмон Абдуқодир Абдусаттор Абдужалил Аҳмад Акбар Аъзам Бахтиёр Баҳром Бекмурод
    Бобо Даврон Давлат Эшмат Эшқул Ғани Ғулом Ҳайдар Ҳалим Ҳамид Ҳасан Ҳайит Иноят Исо
    Жалил Жума Камол Қаюм Қурбон Латиф Мадамин Маҳмуд Мамат Мўмин Мусо Муҳаммад
    Нарзулло Неъмат Нормурод Нурмат Олим Омон Пардабой Рашид Раҳмон Рўзи Сафар Саттор
    Султон Сулаймон Тожи Тошмат Тўлаган Тўхта Ўрол Ўктам Файзулло Хайрулло Хўжа Шариф
    Шодмон Шоди Шукур Ёқуб Юлдош Зокир Абдулҳай Абдувоҳид Абдурашид Аминжон Бердимурод
    Ботир Дўстмурод Ғайрат Ҳабиб Ҳожи Ислом Камолиддин Мирзо Мурод Назар Нурали Очил
    Равшан Раҳмат Содиқ Тўйчи Турғун Умар Усмон Халил Шерали Шоймардон Эгам Ёдгор Зайнулло
    """,
    "UZ",
    ("", "бой", "қул"),
)
TJ_MALE += _spelt(
    """
    Абдураҳмон Алишер Бахтиёр Беҳрӯз Давлат Диловар Зафар Илҳом Иброҳим Камол Қурбон
    Маҳмуд Муҳаммад Мирзо Наврӯз Нозим Парвиз Равшан Саид Сафар Сино Сорбон Тоҳир
    Фаршед Ҳасан Ҳусейн Шариф Шерали Шоҳин Ёқуб Юсуф Зубайд Акбар Амир Манучеҳр Навид
    Рашид Хуршед Эраҷ Абдулҳамид Азиз Бобоҷон Ғайрат Исфандиёр Карим Латиф Мансур
    Неъмат Одил Раҷаб Салим Султон Ҳотам Ҷалол Ҷонибек Қодир Файзулло
    """,
    "TJ",
)
TJ_FEMALE += _spelt(
    """
    Гулчеҳра Дилафрӯз Дилноза Зебо Зулфия Лола Мадина Малика Мастона Меҳрубон Мижгона
    Муниса Мунира Нилуфар Парвина Рухшона Сабрина Сайёра Сетора Фарзона Фирӯза Ҳилола
    Шабнам Шоира Шаҳноза Гулноза Дилором Заррина Мавлуда Наргис Озода Рухсора Ситора
    """,
    "TJ",
)
TJ_SURNAMES += _surnames(
    """
    Абдулло Азиз Акбар Амир Асад Бобо Гадо Давлат Зиё Иброҳим Исмоил Камол Карим Латиф
    Маҳмад Мирзо Муҳаммад Назар Неъмат Нур Одина Раҳим Раҳмон Раҷаб Саид Сафар Салим
    Султон Тоҷ Умар Файзулло Ҳайдар Ҳамид Ҳасан Ҳусейн Шариф Шоҳ Юсуф Қодир Қурбон Ғафур
    Ҷалол Ҷума Ашур Бахтиёр Бозор Валӣ Ғулом Зоир Икром Мансур Муҳиддин Наҷмиддин
    Олим Пирмад Рустам Сангин Тошмат Файзалӣ Холмад Ҳаким Шодмон Эшон Ёр
    """,
    "TJ",
    ("", "зода"),
)
KG_MALE += _spelt(
    """
    Адилет Айдар Алмаз Арстан Асылбек Бакытбек Бектур Болот Данияр Дастан Жаныбек Жеңиш
    Жыргалбек Замир Искендер Калыс Кайрат Курманбек Кылыч Мелис Мурат Нуржан Өмүрбек
    Руслан Самат Сүйүнбай Таалай Талгат Тилек Тимур Урмат Чыңгыз Эламан Эмил Эсен Азиз
    Акылбек Алибек Аскар Бекзат Жолдош Изат Медер Нурдин Сапар Аскат Байыш Жумгалбек
    Зарылбек Козубек Мирбек Садыр Талайбек Үсөн Эркин
    """,
    "KG",
)
KG_FEMALE += _spelt(
    """
    Айнура Айсулуу Аида Акмаанай Бактыгүл Бурулай Венера Динара Жамила Жаңыл Каныкей
    Калыйкан Мээрим Нургүл Нуриза Сабина Салтанат Толгонай Уулкан Чынара Эльмира Элиза
    Айзада Акылай Гүлмира Кундуз Мира Бегимай Айдана Жибек Клара Сезим Урмат Чолпонай
    """,
    "KG",
)
KG_SURNAMES += _surnames(
    """
    Абды Акмат Алымкул Аман Арап Бейшен Бекбол Бообек Дүйшөн Жапар Жусуп Ибраим Иса Кадыр
    Калмат Кочкор Кудайберген Мамбет Мамыт Мукаш Назар Нуралы Орозбек Осмон Сатар Сейит
    Султан Табылды Токтомуш Төрөгелди Турсун Усубалы Шамшы Эргеш Эсен Качкын Бөкөн Жолдош
    Сыдык Алы Бакас Жантай Капар Кенже Молдо Ниязалы Өскөн Сагын Темир Чоткар Эшмат
    """,
    "KG",
    ("", "бек", "бай"),
)

# Share of each citizenship among the centre's clients, after the official Astana
# registrations the centre quotes: Uzbekistan 18875, Kyrgyzstan 7639, Tajikistan 256.
NATIONALITIES = [
    ("UZ", 0.68, _ranked(UZ_MALE), _ranked(UZ_FEMALE), _ranked(UZ_SURNAMES)),
    ("KG", 0.27, _ranked(KG_MALE), _ranked(KG_FEMALE), _ranked(KG_SURNAMES)),
    ("TJ", 0.05, _ranked(TJ_MALE), _ranked(TJ_FEMALE), _ranked(TJ_SURNAMES)),
]
