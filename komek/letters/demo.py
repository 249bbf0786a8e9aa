"""Demo letterheads for the three offices, the letters the centre writes most, and the
letter to the embassy in Almaty kept with the undocumented Uzbek client's case."""

from django.db import transaction

from komek.accounts.models import Office, User
from komek.cases.demo import at_time, happened
from komek.cases.models import Case, ReferralStatus
from komek.letters import services
from komek.letters.models import Letter, Letterhead, LetterTemplate

ORGANISATION_RU = "Центр помощи мигрантам «Көмек»"
ORGANISATION_KK = "«Көмек» мигранттарға көмек көрсету орталығы"

# office code, address in Russian, address in Kazakh, contacts, signatory, number prefix
LETTERHEADS = [
    (
        "astana",
        "010000, г. Астана, ул. Кенесары, 40, офис 12",
        "010000, Астана қ., Кенесары к-сі, 40, 12-кеңсе",
        "+7 7172 55 01 01 · info@komek.example · komek.example",
        "Г. Ахметова",
        "AST",
    ),
    (
        "almaty",
        "050000, г. Алматы, пр. Абая, 52, офис 7",
        "050000, Алматы қ., Абай даңғ., 52, 7-кеңсе",
        "+7 727 355 02 02 · almaty@komek.example",
        "Б. Оспанов",
        "ALA",
    ),
    (
        "shymkent",
        "160000, г. Шымкент, ул. Байтурсынова, 18",
        "160000, Шымкент қ., Байтұрсынов к-сі, 18",
        "+7 7252 55 03 03 · shymkent@komek.example",
        "Г. Ахметова",
        "SHY",
    ),
]

# The letters decline the client's name and country (placeholders.py), say what happened
# to the passport by its status, and leave out what the case does not know (a caller
# registered from the hotline may have no citizenship recorded yet).
RETURN_CERTIFICATE_RU = """\
Центр помощи мигрантам «Көмек» (далее — Центр) оказывает правовую помощь \
{{ person.citizen_dative }}[[ {{ person.citizenship_genitive }}]] {{ person.full_name_dative }}\
[[ ({{ person.latin_name }})]][[, {{ person.born }} года рождения]]\
[[; адрес в Казахстане: {{ person.address }}]].

[[document=lost: Заявитель утратил {{ person.document }} и не может вернуться на родину.]]
[[document=confiscated: Паспорт заявителя ({{ person.document }}) удерживает работодатель \
или посредник; без документа, удостоверяющего личность, заявитель не может вернуться \
на родину.]]
[[document=seized: Паспорт заявителя ({{ person.document }}) изъят органами власти; \
без документа, удостоверяющего личность, заявитель не может вернуться на родину.]]
[[document=expired: Срок действия документа заявителя ({{ person.document }}) истёк, \
и заявитель не может вернуться на родину.]]

Просим рассмотреть вопрос о выдаче заявителю свидетельства на возвращение.

[[{{ referral.details }}]]

Копии имеющихся документов прилагаются. Заявитель даёт согласие на передачу своих \
персональных данных для рассмотрения обращения.

Просим сообщить о результатах рассмотрения по указанным в бланке контактам, \
со ссылкой на дело № {{ case.number }}.

Исполнитель: {{ staff.name }}"""

RETURN_CERTIFICATE_KK = """\
«Көмек» мигранттарға көмек көрсету орталығы (бұдан әрі — Орталық) \
[[{{ person.citizenship }} азаматы ]]{{ person.full_name }}[[ ({{ person.latin_name }})]]\
[[, {{ person.born }} ж. т.]][[, Қазақстандағы мекенжайы: {{ person.address }}]], \
құқықтық көмек көрсетуде.

[[document=lost: Өтініш беруші құжатын ({{ person.document }}) жоғалтты және еліне \
орала алмайды.]]
[[document=confiscated: Өтініш берушінің төлқұжатын ({{ person.document }}) жұмыс \
беруші немесе делдал ұстап отыр; жеке басын куәландыратын құжатсыз өтініш беруші \
еліне орала алмайды.]]
[[document=seized: Өтініш берушінің төлқұжатын ({{ person.document }}) билік органдары \
алып қойды; жеке басын куәландыратын құжатсыз ол еліне орала алмайды.]]
[[document=expired: Өтініш берушінің құжатының ({{ person.document }}) қолданылу \
мерзімі өтті, сондықтан ол еліне орала алмайды.]]

Өтініш берушіге елге оралу куәлігін беру мәселесін қарауыңызды сұраймыз.

[[{{ referral.details }}]]

Қолда бар құжаттардың көшірмелері қоса беріліп отыр. Өтініш беруші өтінішті қарау \
үшін дербес деректерін беруге келісім береді.

Қарау нәтижесі туралы бланкіде көрсетілген байланыс арқылы, № {{ case.number }} \
іске сілтеме жасап, хабарлауыңызды сұраймыз.

Орындаған: {{ staff.name }}"""

WAGES_RU = """\
В Центр помощи мигрантам «Көмек» поступило обращение {{ person.citizen_genitive }}\
[[ {{ person.citizenship_genitive }}]] {{ person.full_name_genitive }} по вопросу \
невыплаты заработной платы.

[[{{ referral.details }}]]

Просим провести проверку соблюдения трудового законодательства работодателем \
и принять меры по восстановлению трудовых прав заявителя.

О результатах просим сообщить Центру со ссылкой на дело № {{ case.number }}.

Исполнитель: {{ staff.name }}"""

TEMPLATES = [
    (
        "Запрос свидетельства на возвращение",
        "ru",
        "О выдаче свидетельства на возвращение {{ person.citizen_dative }}"
        "[[ {{ person.citizenship_genitive }}]] {{ person.full_name_dative }}",
        RETURN_CERTIFICATE_RU,
    ),
    (
        "Запрос свидетельства на возвращение",
        "kk",
        "[[{{ person.citizenship }} азаматы ]]{{ person.full_name }} үшін елге оралу "
        "куәлігін беру туралы",
        RETURN_CERTIFICATE_KK,
    ),
    (
        "Обращение в инспекцию труда",
        "ru",
        "О невыплате заработной платы {{ person.citizen_dative }} {{ person.full_name_dative }}",
        WAGES_RU,
    ),
]


RETURN_CERTIFICATE = "Запрос свидетельства на возвращение"
WRITTEN_AT = 9  # the morning of the day the referral went out


def _seed_letter() -> None:
    """The request for a certificate of return still awaiting the embassy's answer, written
    from its template through the service, dated the morning the referral was sent."""
    case = Case.objects.filter(client__ref="AST-0001").first()
    if case is None or case.letters.exists():
        return
    referral = case.referrals.filter(
        status=ReferralStatus.SENT, request="return_certificate"
    ).first()
    if referral is None:
        return
    lawyer = User.objects.get(username="lawyer")
    template = LetterTemplate.objects.get(name=RETURN_CERTIFICATE, language="ru")
    moment = at_time(referral.sent_on, WRITTEN_AT)
    with happened(moment):
        drafted = services.draft(case=case, staff=lawyer, template=template, referral=referral)
        if drafted.missing:
            return
        letter = services.letter_generate(
            case=case, created_by=lawyer, template=template, referral=referral, **drafted.initial
        )
    Letter.objects.filter(pk=letter.pk).update(created_at=moment)


@transaction.atomic
def seed() -> int:
    for code, address, address_kk, contacts, signatory, prefix in LETTERHEADS:
        office = Office.objects.filter(code=code).first()
        if office is None or Letterhead.objects.filter(office=office).exists():
            continue
        Letterhead.objects.create(
            office=office,
            organisation_ru=ORGANISATION_RU,
            organisation_kk=ORGANISATION_KK,
            address=address,
            address_kk=address_kk,
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
    _seed_letter()
    return LetterTemplate.objects.count()
