"""kosilab.core.uploads: files are checked by their content; what is not allowed gets a clear message."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from kosilab.core.uploads import clean_document, clean_image

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _image(fmt: str = "JPEG", size=(40, 30), mode: str = "RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "red" if mode == "RGB" else (255, 0, 0, 80)).save(buffer, fmt, **save)
    return buffer.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _refused(function, upload, message: str, **kwargs) -> None:
    with pytest.raises(ValidationError) as error:
        function(upload, **kwargs)
    assert error.value.messages == [message]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


def _huge_png(width: int, height: int) -> bytes:
    """A PNG header that claims width × height pixels, with a tiny body (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 10)) + chunk(b"IEND", b"")
    )


# --- Images ------------------------------------------------------------------------------------


def test_jpeg_is_reencoded_without_metadata():
    exif = Image.Exif()
    exif[0x010E] = "secret description"
    cleaned = clean_image(_upload("photo.jpg", _image(exif=exif.tobytes())))
    assert cleaned.name.endswith(".jpg")
    data = cleaned.read()
    assert b"secret description" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()


def test_transparent_png_stays_png():
    cleaned = clean_image(_upload("logo.png", _image("PNG", mode="RGBA")))
    assert cleaned.name.endswith(".png")
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.mode == "RGBA"


def test_large_image_is_scaled_down():
    cleaned = clean_image(_upload("big.png", _image("PNG", size=(3000, 100))), max_side=1000)
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.width == 1000


def test_svg_is_refused():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    message = "SVG and other markup files are not allowed, because they can contain scripts. Upload a PNG or JPEG."
    _refused(clean_image, _upload("x.png", svg), message)
    _refused(
        clean_document,
        _upload("x.svg", svg),
        "SVG images are not allowed, because they can contain scripts. Upload a PNG or JPEG.",
    )


def test_not_an_image_is_refused():
    _refused(clean_image, _upload("x.jpg", PDF), "Upload a JPEG, PNG or WebP image.")
    _refused(clean_image, _upload("x.gif", _image("GIF")), "Upload a JPEG, PNG or WebP image.")


def test_image_with_too_many_pixels_is_refused():
    message = "The image has too many pixels: at most 40 megapixels."
    _refused(clean_image, _upload("bomb.png", _huge_png(10_000, 10_000)), message)
    _refused(clean_image, _upload("bomb.png", _huge_png(20_000, 20_000)), message)  # Pillow's own bomb check


def test_image_too_big_is_refused():
    _refused(clean_image, _upload("x.jpg", _image()), "The file can be at most 100\xa0bytes.", max_bytes=100)
    _refused(
        clean_image,
        _upload("x.jpg", _image() + b"\0" * (5 * 1024 * 1024)),
        "The file can be at most 5 MB.",
    )


# --- Documents ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("notes.txt", "Grüße aus Wuppertal\n".encode(), "text/plain"),
        ("table.csv", b"a;b\n1;2\n", "text/csv"),
        ("plan.docx", _zip(DOCX), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (
            "sheet.ods",
            _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
    ],
)
def test_allowed_documents(name, content, content_type):
    cleaned = clean_document(_upload(name, content))
    assert cleaned.content_type == content_type
    assert cleaned.read() == content


def test_image_document_is_reencoded():
    cleaned = clean_document(_upload("Foto vom Quartier.png", _image("PNG")))
    assert cleaned.name == "Foto vom Quartier.jpg"
    assert cleaned.content_type == "image/jpeg"


def test_html_renamed_to_pdf_is_refused():
    html = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
    message = "Web pages (HTML) and other markup files are not allowed."
    _refused(clean_document, _upload("report.pdf", html), message)
    _refused(clean_document, _upload("page.html", b"hello"), message)


@pytest.mark.parametrize("header", [b"MZ\x90\x00", b"\x7fELF\x02\x01\x01", b"#!/bin/sh\nrm -rf /"])
@pytest.mark.parametrize("name", ["tool.exe", "report.pdf", "notes.txt"])
def test_programs_are_refused(header, name):
    _refused(clean_document, _upload(name, header + b"\0" * 100), "Programs and scripts are not allowed.")


def test_wrong_extension_for_content_is_refused():
    _refused(
        clean_document,
        _upload("report.pdf", b"just text"),
        "The content of the file does not match its name ending “.pdf”.",
    )
    _refused(
        clean_document, _upload("photo.jpg", PDF), "The content of the file does not match its name ending “.jpg”."
    )
    _refused(
        clean_document,
        _upload("plan.docx", _zip({"evil.js": b"x"})),
        "The content of the file does not match its name ending “.docx”.",
    )
    _refused(
        clean_document, _upload("notes.txt", b"a\0b"), "The content of the file does not match its name ending “.txt”."
    )


def test_archives_and_unknown_types_are_refused():
    message = (
        "Upload a PDF, an image (JPEG, PNG, WebP), a text or CSV file, "
        "or an office document (Word, Excel, PowerPoint, OpenDocument)."
    )
    _refused(clean_document, _upload("files.zip", _zip({"a.txt": b"a"})), message)
    _refused(clean_document, _upload("noname", PDF), message)


def test_zip_bomb_and_macros_are_refused():
    bomb = _zip({**DOCX, "word/big.xml": b"\0" * (50 * 1024 * 1024)})
    _refused(clean_document, _upload("plan.docx", bomb), "The document unpacks to too much data.")
    macros = _zip({**DOCX, "word/vbaProject.bin": b"x" * 10})
    _refused(clean_document, _upload("plan.docx", macros), "Documents with macros are not allowed.")


def test_text_must_be_utf8():
    _refused(
        clean_document, _upload("notes.txt", "Grüße".encode("latin-1")), "Text and CSV files must be saved as UTF-8."
    )


def test_empty_and_too_big_files_are_refused():
    _refused(clean_document, _upload("report.pdf", b""), "The file is empty.")
    _refused(clean_image, _upload("x.png", b""), "The file is empty.")
    _refused(clean_document, _upload("report.pdf", PDF + b"\0" * (10 * 1024 * 1024)), "The file can be at most 10 MB.")
