"""An encrypted stream for backups: AES-256-GCM in chunks, with a key derived from a
passphrase (scrypt), so an archive of any size is written and read without holding it.

Layout: a header (magic, scrypt salt, nonce prefix, key check), then frames of a 4-byte
length and one sealed chunk. Each chunk's nonce is the prefix and the chunk's number,
and its associated data is the header and whether it is the last chunk: chunks cannot be
reordered, dropped, swapped with another archive's or cut off at the end unnoticed. The
key check (an HMAC of the derived key) tells a wrong key from a damaged archive.
"""

import hashlib
import hmac
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"KOMEK-BACKUP-1\n"
CHUNK = 1024 * 1024
MIN_PASSPHRASE = 16


class ArchiveError(Exception):
    pass


class WrongKey(ArchiveError):
    pass


def _key(passphrase: str, salt: bytes) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ArchiveError(f"The backup key must have at least {MIN_PASSPHRASE} characters.")
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())


def _check(key: bytes) -> bytes:
    return hmac.new(key, b"komek backup key check", hashlib.sha256).digest()


def _aad(header: bytes, last: bool) -> bytes:
    return header + (b"\x01" if last else b"\x00")


class Writer:
    """Encrypts what is written to it into ``out``; ``close()`` seals the last chunk."""

    def __init__(self, out: BinaryIO, passphrase: str) -> None:
        salt, self._prefix = os.urandom(16), os.urandom(8)
        key = _key(passphrase, salt)
        self._aead = AESGCM(key)
        self._header = MAGIC + salt + self._prefix + _check(key)
        self._out = out
        self._buffer = bytearray()
        self._number = 0
        out.write(self._header)

    def _seal(self, data: bytes, *, last: bool) -> None:
        nonce = self._prefix + struct.pack(">I", self._number)
        sealed = self._aead.encrypt(nonce, data, _aad(self._header, last))
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._number += 1

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()


class Reader:
    """Decrypts an archive written by ``Writer`` as it is read; raises ``WrongKey`` when
    the key is not the archive's and ``ArchiveError`` when the archive was changed or cut."""

    def __init__(self, source: BinaryIO, passphrase: str) -> None:
        header = source.read(len(MAGIC) + 16 + 8 + 32)
        if len(header) < len(MAGIC) + 56 or not header.startswith(MAGIC):
            raise ArchiveError("This is not a Komek backup archive (or its start is damaged).")
        salt = header[len(MAGIC) : len(MAGIC) + 16]
        self._prefix = header[len(MAGIC) + 16 : len(MAGIC) + 24]
        key = _key(passphrase, salt)
        if not hmac.compare_digest(_check(key), header[len(MAGIC) + 24 :]):
            raise WrongKey(
                "KOMEK_BACKUP_KEY is not the key this archive was made with (or its header "
                "is damaged)."
            )
        self._aead = AESGCM(key)
        self._header = header
        self._source = source
        self._number = 0
        self._buffer = b""
        self._offset = 0
        self._ended = False
        self._frame = self._next_frame()

    def _next_frame(self) -> bytes | None:
        size = self._source.read(4)
        if not size:
            return None
        if len(size) < 4:
            raise ArchiveError("The archive is cut off.")
        frame = self._source.read(struct.unpack(">I", size)[0])
        if len(frame) < struct.unpack(">I", size)[0]:
            raise ArchiveError("The archive is cut off.")
        return frame

    def _open_next(self) -> None:
        if self._frame is None:
            raise ArchiveError("The archive is cut off: its last part is missing.")
        following = self._next_frame()
        last = following is None
        nonce = self._prefix + struct.pack(">I", self._number)
        try:
            opened = self._aead.decrypt(nonce, self._frame, _aad(self._header, last))
        except InvalidTag:
            raise ArchiveError(
                f"The archive is damaged or cut off (part {self._number + 1} fails its check)."
            ) from None
        self._buffer = self._buffer[self._offset :] + opened
        self._offset = 0
        self._number += 1
        self._frame = following
        self._ended = last

    def read(self, size: int = -1) -> bytes:
        while not self._ended and (size < 0 or len(self._buffer) - self._offset < size):
            self._open_next()
        end = len(self._buffer) if size < 0 else min(self._offset + size, len(self._buffer))
        data = self._buffer[self._offset : end]
        self._offset = end
        return data
