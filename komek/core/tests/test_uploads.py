"""Uploads are bounded while they are received: once a file passes UPLOAD_MAX_MB, the
request is read no further and nothing of the file is kept."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart


class CountingInput(io.BytesIO):
    """A request body that remembers how much of it was read."""

    def __init__(self, content: bytes) -> None:
        super().__init__(content)
        self.consumed = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.consumed += len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.consumed += len(line)
        return line


def posted(body: CountingInput) -> WSGIRequest:
    return WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "CONTENT_TYPE": MULTIPART_CONTENT,
            "CONTENT_LENGTH": str(len(body.getvalue())),
            "PATH_INFO": "/",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.input": body,
            "wsgi.url_scheme": "http",
        }
    )


def test_reading_stops_once_a_file_passes_the_limit(settings):
    settings.UPLOAD_MAX_MB = 1
    body = encode_multipart(
        BOUNDARY, {"file": SimpleUploadedFile("big.pdf", b"0" * (20 * 1024 * 1024))}
    )
    stream = CountingInput(body)
    request = posted(stream)
    assert not request.FILES
    assert request.upload_refused is True
    assert stream.consumed < 2 * 1024 * 1024


def test_a_file_within_the_limit_is_received_whole(settings):
    settings.UPLOAD_MAX_MB = 1
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("small.pdf", b"0" * 1000)})
    request = posted(CountingInput(body))
    assert request.FILES["file"].read() == b"0" * 1000
    assert not getattr(request, "upload_refused", False)
