"""Demo letterheads for the three offices and the letters the centre writes most."""

from django.db import transaction

from komek.accounts.models import Office
from komek.letters.models import Letterhead, LetterTemplate

ORGANISATION_RU = "Центр помощи мигрантам «Көмек»"
ORGANISATION_KK = "«Көмек» мигранттарға көмек көрсету орталығы"

# office code, address, contacts, signatory, number prefix
LETTERHEADS = [
    (
        "astana",
        "010000, г. Астана, ул. Кенесары, 40, офис 12",
        "+7 7172 55 01 01 · info@komek.example · komek.example",
        "Г. Ахметова",
        "AST",
    ),
    (
        "almaty",
        "050000, г. Алматы, пр. Абая, 52, офис 7",
        "+7 727 355 02 02 · almaty@komek.example",
        "Б. Оспанов",
        "ALA",
    ),
    (
        "shymkent",
        "160000, г. Шымкент, ул. Байтурсынова, 18",
        "+7 7252 55 03 03 · shymkent@komek.example",
        "Г. Ахметова",
        "SHY",
    ),
]

RETURN_CERTIFICATE_RU = """\
Центр помощи мигрантам «Көмек» (далее — Центр) оказывает правовую помощь гражданину \
{{ person.citizenship }} {{ person.full_name }} ({{ person.latin_name }}), \
{{ person.born }} г. р., проживающему по адресу: {{ person.address }}.

Заявитель утратил документ, удостоверяющий личность, и не может выехать на родину. \
Просим рассмотреть вопрос о выдаче ему свидетельства на возвращение \
({{ referral.request }}). {{ referral.details }}

Копии имеющихся документов прилагаются. Заявитель даёт согласие на передачу его \
персональных данных для рассмотрения обращения.

Просим сообщить о результатах рассмотрения по указанным в бланке контактам, \
со ссылкой на дело № {{ case.number }}.

Исполнитель: {{ staff.name }}"""

RETURN_CERTIFICATE_KK = """\
«Көмек» мигранттарға көмек көрсету орталығы (бұдан әрі — Орталық) \
{{ person.citizenship }} азаматы {{ person.full_name }} ({{ person.latin_name }}), \
{{ person.born }} ж. т., мекенжайы: {{ person.address }}, құқықтық көмек көрсетуде.

Өтініш беруші жеке басын куәландыратын құжатын жоғалтты және еліне орала алмайды. \
Оған елге оралу куәлігін беру мәселесін қарауыңызды сұраймыз \
({{ referral.request }}). {{ referral.details }}

Қолда бар құжаттардың көшірмелері қоса беріліп отыр. Өтініш беруші өтінішті қарау \
үшін дербес деректерін беруге келісім береді.

Қарау нәтижесі туралы бланкіде көрсетілген байланыс арқылы, № {{ case.number }} \
іске сілтеме жасап, хабарлауыңызды сұраймыз.

Орындаған: {{ staff.name }}"""

WAGES_RU = """\
В Центр помощи мигрантам «Көмек» обратился {{ person.full_name }}, гражданин \
{{ person.citizenship }}, по вопросу невыплаты заработной платы.

{{ referral.details }}

Просим провести проверку соблюдения трудового законодательства работодателем \
и принять меры по восстановлению трудовых прав заявителя.

О результатах просим сообщить Центру со ссылкой на дело № {{ case.number }}.

Исполнитель: {{ staff.name }}"""

TEMPLATES = [
    (
        "Запрос свидетельства на возвращение",
        "ru",
        "О выдаче свидетельства на возвращение гражданину {{ person.full_name }}",
        RETURN_CERTIFICATE_RU,
    ),
    (
        "Запрос свидетельства на возвращение",
        "kk",
        "{{ person.full_name }} азаматына елге оралу куәлігін беру туралы",
        RETURN_CERTIFICATE_KK,
    ),
    (
        "Обращение в инспекцию труда",
        "ru",
        "О невыплате заработной платы {{ person.full_name }}",
        WAGES_RU,
    ),
]


@transaction.atomic
def seed() -> int:
    for code, address, contacts, signatory, prefix in LETTERHEADS:
        office = Office.objects.filter(code=code).first()
        if office is None or Letterhead.objects.filter(office=office).exists():
            continue
        Letterhead.objects.create(
            office=office,
            organisation_ru=ORGANISATION_RU,
            organisation_kk=ORGANISATION_KK,
            address=address,
            contacts=contacts,
            signatory=signatory,
            signatory_title_ru="Директор",
            signatory_title_kk="Директор",
            number_prefix=prefix,
        )
    for name, language, subject, body in TEMPLATES:
        LetterTemplate.objects.get_or_create(
            name=name, language=language, defaults={"subject": subject, "body": body}
        )
    return LetterTemplate.objects.count()
