"""Demo partners: real public institutions the centre works with. The embassies carry an
address, a phone and an email so that letters and the directory show them, but these are
demo values, not the institutions' real contacts: they are marked to be checked
(address_checked=False, and said so in the notes), the emails are on the reserved
.example domain and the phone numbers are made up ("00 00 xx")."""

from django.db import transaction

from komek.accounts.models import Office
from komek.partners import services
from komek.partners.models import Partner, PartnerKind

TO_CHECK = "Адрес и контакты уточнить перед использованием."
DEMO_CONTACTS = "Демо: адрес, телефон и email вымышлены. "

PARTNERS = [
    {
        "name": "Посольство Республики Таджикистан в Республике Казахстан",
        "name_kk": "Тәжікстан Республикасының Қазақстан Республикасындағы елшілігі",
        "name_en": "Embassy of the Republic of Tajikistan in the Republic of Kazakhstan",
        "short_name": "Посольство РТ",
        "kind": PartnerKind.EMBASSY,
        "country": "TJ",
        "city": "Астана",
        "address": "010000, г. Астана, ул. Достык, 11",
        "phones": ["+77172000011"],
        "email": "consul.tj@embassy.example",
        "working_languages": ["tg", "ru"],
        "notes": "Консул принимает сотрудников центра по вопросам граждан Таджикистана. "
        + DEMO_CONTACTS
        + TO_CHECK,
    },
    {
        "name": "Посольство Кыргызской Республики в Республике Казахстан",
        "name_kk": "Қырғыз Республикасының Қазақстан Республикасындағы елшілігі",
        "name_en": "Embassy of the Kyrgyz Republic in the Republic of Kazakhstan",
        "short_name": "Посольство КР",
        "kind": PartnerKind.EMBASSY,
        "country": "KG",
        "city": "Астана",
        "address": "010000, г. Астана, ул. Сарайшык, 28",
        "phones": ["+77172000012"],
        "email": "consul.kg@embassy.example",
        "working_languages": ["ky", "ru"],
        "notes": "Консул принимает сотрудников центра по вопросам граждан Кыргызстана. "
        + DEMO_CONTACTS
        + TO_CHECK,
    },
    {
        "name": "Посольство Республики Узбекистан (консульский приём в Алматы)",
        "name_kk": "Өзбекстан Республикасының елшілігі (Алматыдағы консулдық қабылдау)",
        "name_en": "Embassy of the Republic of Uzbekistan (consular reception in Almaty)",
        "short_name": "Посольство РУз",
        "kind": PartnerKind.EMBASSY,
        "country": "UZ",
        "city": "Алматы",
        "address": "050000, г. Алматы, ул. Байтурсынова, 36",
        "phones": ["+77272000013"],
        "email": "consul.uz@embassy.example",
        "working_languages": ["uz", "ru"],
        "notes": "По сообщению центра, приём граждан Узбекистана ведётся только в Алматы; "
        "ожидание — недели. Свидетельства на возвращение. " + DEMO_CONTACTS + TO_CHECK,
    },
    {
        "name": "Управление миграционной службы Департамента полиции города Астаны",
        "name_kk": "Астана қаласы Полиция департаментінің көші-қон қызметі басқармасы",
        "name_en": "Migration Service Directorate of the Astana City Police Department",
        "short_name": "Миграционная полиция Астаны",
        "kind": PartnerKind.STATE_BODY,
        "city": "Астана",
        "working_languages": ["kk", "ru"],
        "notes": "Регистрация иностранцев, нарушения миграционного законодательства. " + TO_CHECK,
    },
    {
        "name": "Управление государственной инспекции труда города Астаны",
        "name_kk": "Астана қаласының мемлекеттік еңбек инспекциясы басқармасы",
        "name_en": "State Labour Inspectorate of Astana",
        "short_name": "Инспекция труда Астаны",
        "kind": PartnerKind.STATE_BODY,
        "city": "Астана",
        "working_languages": ["kk", "ru"],
        "notes": "Невыплата заработной платы, условия труда, трудовые договоры. " + TO_CHECK,
    },
    {
        "name": "Представительство Международной организации по миграции (МОМ) в Казахстане",
        "name_kk": "Халықаралық көші-қон ұйымының (ХКҰ) Қазақстандағы өкілдігі",
        "name_en": "International Organization for Migration (IOM) in Kazakhstan",
        "short_name": "МОМ",
        "kind": PartnerKind.INTERNATIONAL,
        "city": "Астана",
        "website": "https://kazakhstan.iom.int",
        "working_languages": ["ru", "kk", "en"],
        "notes": "Программа по миграции; прямая помощь уязвимым мигрантам, возвращение. "
        + TO_CHECK,
    },
    {
        "name": "Представительство УВКБ ООН в Казахстане",
        "name_kk": "БҰҰ Босқындар ісі жөніндегі жоғарғы комиссарының Қазақстандағы өкілдігі",
        "name_en": "UNHCR in Kazakhstan",
        "short_name": "УВКБ ООН",
        "kind": PartnerKind.INTERNATIONAL,
        "city": "Алматы",
        "working_languages": ["ru", "en"],
        "notes": "Беженцы и лица, ищущие убежища. " + TO_CHECK,
    },
    {
        "name": "Общественное объединение «Қадір-қасиет»",
        "name_kk": "«Қадір-қасиет» қоғамдық бірлестігі",
        "name_en": "Public association “Kadir-kasiet”",
        "short_name": "Қадір-қасиет",
        "kind": PartnerKind.NGO,
        "city": "Астана",
        "working_languages": ["kk", "ru"],
        "notes": "Правовая помощь, мониторинг судебных дел о выдворении, форма апелляции. "
        + TO_CHECK,
    },
    {
        "name": "Общественный фонд «Сана Сезим»",
        "name_kk": "«Сана Сезім» қоғамдық қоры",
        "name_en": "Public foundation “Sana Sezim”",
        "short_name": "Сана Сезим",
        "kind": PartnerKind.NGO,
        "city": "Шымкент",
        "working_languages": ["kk", "ru", "uz"],
        "notes": "Центры правовой помощи трудовым мигрантам, буклеты «Мигранту об его правах». "
        + TO_CHECK,
    },
    {
        "name": "Казахстанское международное бюро по правам человека и соблюдению законности",
        "name_kk": "Адам құқықтары және заңдылықты сақтау жөніндегі Қазақстан халықаралық бюросы",
        "name_en": "Kazakhstan International Bureau for Human Rights and Rule of Law",
        "short_name": "КМБПЧ",
        "kind": PartnerKind.NGO,
        "city": "Алматы",
        "website": "https://bureau.kz",
        "working_languages": ["ru", "kk", "en"],
        "notes": "Права человека, права мигрантов. " + TO_CHECK,
    },
]


@transaction.atomic
def seed() -> int:
    office = Office.objects.get(code="astana")
    existing = set(Partner.objects.values_list("name", flat=True))
    for data in PARTNERS:
        if data["name"] not in existing:
            services.partner_create(created_by=None, office=office, **data)
    return len(PARTNERS)
