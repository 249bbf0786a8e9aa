from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "komek.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from komek.core import demo, navigation, url_samples
        from komek.core import search as global_search
        from komek.core.roles import Capability
        from komek.people import db_functions, hooks, merging
        from komek.people import demo as people_demo
        from komek.people.linkage.services import duplicates_find
        from komek.people.personal_data import declare_personal_data
        from komek.people.views.search import render_search_results

        db_functions.install()
        hooks.register_merge_handler("people", merging.records_move)
        declare_personal_data()
        navigation.register(
            label=_("People"),
            url_name="people:search",
            capability=Capability.PEOPLE_SEARCH,
            order=100,
        )
        navigation.register(
            label=_("Duplicates"),
            url_name="people:duplicates",
            capability=Capability.PEOPLE_CHANGE,
            order=110,
            group=navigation.Group.WORK,
        )
        global_search.register(
            global_search.SearchProvider(
                label=_("People"),
                capability=Capability.PEOPLE_SEARCH,
                render=render_search_results,
            )
        )
        demo.register(
            "people", people_demo.seed, order=30, describe=lambda people: f"  {len(people)} people"
        )
        demo.register(
            "duplicates",
            duplicates_find,
            order=100,
            describe=lambda run: f"  duplicates to review: {run.clusters_count}",
        )
        url_samples.register("komek.people.samples")
