from django.urls import include, path, register_converter

from komek.publications.views import editions, glossary, materials, translate


class LanguageConverter:
    """One of the languages a material is written in: ``uz-Cyrl`` is a path segment of its own."""

    regex = "ru|uz-Cyrl|uz|tg|ky|kk|en"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageConverter, "lang")

app_name = "publications"

urlpatterns = [
    path("", materials.material_list, name="list"),
    path("work/", translate.work, name="work"),
    path("new/", materials.material_new, name="material_new"),
    path("staleness/", editions.staleness, name="staleness"),
    path("glossary/", glossary.glossary, name="glossary"),
    path("glossary/save/", glossary.glossary_save, name="glossary_save"),
    # The print side's pages (edition files, print runs, copies, stock), under "print/".
    path("", include("komek.publications.urls_print")),
    path("<slug:slug>/", materials.material_detail, name="material"),
    path("<slug:slug>/edit/", materials.material_edit, name="material_edit"),
    path("<slug:slug>/references/new/", materials.reference_add, name="reference_add"),
    path(
        "<slug:slug>/references/<int:pk>/remove/",
        materials.reference_remove,
        name="reference_remove",
    ),
    path("<slug:slug>/segments/new/", materials.segment_add, name="segment_add"),
    path("<slug:slug>/segments/<slug:key>/", materials.segment_edit, name="segment_edit"),
    path(
        "<slug:slug>/segments/<slug:key>/delete/",
        materials.segment_delete,
        name="segment_delete",
    ),
    path(
        "<slug:slug>/segments/<slug:key>/move/",
        materials.segment_move,
        name="segment_move",
    ),
    path("<slug:slug>/translate/<lang:lang>/", translate.translate, name="translate"),
    path("<slug:slug>/translate/<lang:lang>/export/", translate.export, name="export"),
    path("<slug:slug>/translate/<lang:lang>/import/", translate.import_file, name="import"),
    path(
        "<slug:slug>/translate/<lang:lang>/<slug:key>/",
        translate.translation,
        name="translation",
    ),
    path(
        "<slug:slug>/translate/<lang:lang>/<slug:key>/review/",
        translate.review,
        name="translation_review",
    ),
    path(
        "<slug:slug>/translate/<lang:lang>/<slug:key>/transliterate/",
        translate.transliterate,
        name="transliterate",
    ),
    path("<slug:slug>/<lang:lang>/publish/", editions.publish, name="publish"),
    path("<slug:slug>/<lang:lang>/<int:number>/", editions.edition, name="edition"),
    path(
        "<slug:slug>/<lang:lang>/<int:number>/withdraw/",
        editions.withdraw,
        name="edition_withdraw",
    ),
]
