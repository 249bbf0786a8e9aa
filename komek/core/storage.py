"""Where uploaded and generated files are kept: Django's file system storage, which
leaves a half-written file behind when the disk fills up; this one removes it, so a
refused upload leaves nothing (its transaction rolls back the row that would have named
it, and ``core/errors.py`` tells the user)."""

import contextlib
import os

from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage

from komek.core.errors import DISK_FULL


class FileSystemStorage(DjangoFileSystemStorage):
    def _save(self, name: str, content) -> str:
        try:
            return super()._save(name, content)
        except OSError as error:
            if error.errno in DISK_FULL:
                # ``save`` chose this name as free just before; Komek's names are random.
                with contextlib.suppress(FileNotFoundError):
                    os.remove(self.path(name))
            raise
