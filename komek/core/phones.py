"""Phone numbers as the centre meets them: +7 Kazakhstan (the default region), +998
Uzbekistan, +992 Tajikistan, +996 Kyrgyzstan, written any way people write them."""

import phonenumbers

DEFAULT_REGION = "KZ"


class InvalidPhone(ValueError):
    pass


def to_e164(text: str, region: str = DEFAULT_REGION) -> str:
    """The E.164 form of ``text``; raises InvalidPhone when it is not a possible number."""
    cleaned = text.strip()
    digits = "".join(char for char in cleaned if char.isdigit())
    # Numbers from the origin countries are often written without the plus: 998901234567.
    origin = digits.startswith(("998", "992", "996")) and len(digits) == 12
    if origin and not cleaned.startswith("+"):
        cleaned = f"+{digits}"
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone(str(error)) from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def looks_like_phone(text: str) -> bool:
    stripped = text.strip()
    digits = sum(char.isdigit() for char in stripped)
    others = set(stripped) - set("0123456789+-() ")
    return digits >= 7 and not others
