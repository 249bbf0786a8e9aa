from komek.core.transliteration import to_latin


def test_russian_and_kazakh_names_are_romanised_with_their_capitals():
    assert to_latin("Посольство Республики Узбекистан") == "Posolstvo Respubliki Uzbekistan"
    assert to_latin("Офис в г. Қарағанды") == "Ofis v g. Qaraghandy"
    assert to_latin("Шымкент") == "Shymkent"


def test_latin_text_and_figures_are_kept():
    assert to_latin("IOM Kazakhstan, 2-й этаж") == "IOM Kazakhstan, 2-y etazh"
