from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from komek.core.worker import Worker


class Command(db_worker.Command):
    help = (
        "Run the background task worker: it survives a locked or lost database, and runs "
        "again, or fails, the tasks of workers that died. Use it instead of db_worker."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        # Reloading would stop a task half-way at each code change.
        parser.set_defaults(reload=False)

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        exclude_queues: str,
        reload: bool,
        **options,
    ) -> None:
        if reload:
            raise CommandError("The worker does not reload on code changes.")
        self.configure_logging(verbosity)
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and queue_name != "*":
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_name.split(","),
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        worker.configure_signals()
        worker.run()
