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


# Digits a partial number needs (country code included) before it is looked up: fewer
# would match thousands of numbers.
MIN_PREFIX_DIGITS = 7
# The country codes a local number written without one may belong to: the origin countries
# write their mobile numbers as 9 digits (90 123 45 67).
LOCAL_ORIGIN_CODES = ("998", "992", "996")


def number_prefixes(text: str) -> list[str]:
    """The beginnings of E.164 numbers that ``text``, a number as far as it is typed, may
    stand for: ``+998 90 123`` → ``+99890123``, ``8 701 12`` → ``+770112``, ``901234567``
    → the same digits after each origin country's code. Empty when too little is typed."""
    cleaned = text.strip()
    digits = "".join(char for char in cleaned if char.isdigit())
    if cleaned.startswith("+") or digits.startswith(("77", *LOCAL_ORIGIN_CODES)):
        prefixes = [f"+{digits}"]
    elif digits.startswith("8"):
        # The Kazakh trunk prefix: 8 701 … is +7 701 ….
        prefixes = [f"+7{digits[1:]}"]
    elif digits.startswith("7"):
        # A Kazakh number without its country code: 701 … is +7 701 ….
        prefixes = [f"+7{digits}"]
    else:
        prefixes = [f"+{code}{digits}" for code in LOCAL_ORIGIN_CODES]
    return [prefix for prefix in prefixes if len(prefix) - 1 >= MIN_PREFIX_DIGITS]
