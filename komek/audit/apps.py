from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "komek.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from komek.audit.panels import render_person_trail_link
        from komek.audit.personal_data import declare_personal_data
        from komek.audit.services import record_job_download
        from komek.core import jobs, navigation, panels
        from komek.core.roles import Capability

        jobs.downloaded.connect(record_job_download, dispatch_uid="audit.record_job_download")
        declare_personal_data()

        navigation.register(
            label=_("Audit log"),
            url_name="audit:entry_list",
            capability=Capability.AUDIT_VIEW,
            order=950,
            group=navigation.Group.ADMINISTRATION,
        )
        # Only whoever may read the log (the DPO) sees it on the person's page.
        panels.register(
            panels.Panel(
                page="people:detail",
                title=_("Audit log"),
                capability=Capability.AUDIT_VIEW,
                order=900,
                render=render_person_trail_link,
            )
        )
