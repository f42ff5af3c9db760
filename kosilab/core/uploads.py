"""Checks for uploaded files: by their content, not by their name.

Every upload of the platform goes through one of two functions:

``clean_image(file)``
    A JPEG, PNG or WebP photo, opened by its content, limited in bytes and pixels, and stored anew
    (JPEG, or PNG when it has transparency) without its metadata (EXIF, GPS, comments).

``clean_document(file)``
    A PDF (``%PDF-``), an image (through ``clean_image``), a plain text or CSV file (UTF-8, no NUL
    bytes, no markup), or an office document (OOXML: docx, xlsx, pptx; ODF: odt, ods, odp — a zip
    with the entries the format requires, no macros, not a zip bomb). The name ending must match the
    content. SVG, HTML, programs and archives are refused.

Both raise ``django.core.exceptions.ValidationError`` with a translated message, so that a form shows
it at the field and nothing is saved.
"""

from __future__ import annotations

import io
import uuid
import warnings
import zipfile
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
IMAGE_MAX_BYTES = 5 * MB
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_MAX_SIDE = 2400
DOCUMENT_MAX_BYTES = 10 * MB
ZIP_MAX_UNCOMPRESSED = 200 * MB
ZIP_MAX_ENTRIES = 5_000
ZIP_MAX_RATIO = 200

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
IMAGE_EXTENSIONS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
TEXT_EXTENSIONS = {"txt": "text/plain", "csv": "text/csv"}
OOXML = {
    "docx": ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
ODF = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
ALLOWED_EXTENSIONS = (
    {"pdf"} | set(IMAGE_EXTENSIONS) | set(TEXT_EXTENSIONS) | set(OOXML) | set(ODF)
)  # fmt: skip
PROGRAM_SIGNATURES = (
    b"MZ",  # Windows executables and DLLs
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java classes
    b"#!",  # scripts
)
MARKUP_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<iframe")
HEAD_BYTES = 2048


def _too_big(max_bytes: int) -> ValidationError:
    size = f"{max_bytes // MB} MB" if max_bytes % MB == 0 else filesizeformat(max_bytes)
    return ValidationError(_("The file can be at most %(size)s."), code="too_big", params={"size": size})


def _empty() -> ValidationError:
    return ValidationError(_("The file is empty."), code="empty")


def _head(file: Any, size: int = HEAD_BYTES) -> bytes:
    file.seek(0)
    data: bytes = file.read(size)
    file.seek(0)
    return data


def _extension(file: Any) -> str:
    return PurePath(getattr(file, "name", "") or "").suffix.lower().lstrip(".")


def _stem(file: Any) -> str:
    stem = PurePath(getattr(file, "name", "") or "").stem.strip()
    return stem[:80] or "file"


def _looks_like_markup(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith(MARKUP_STARTS) or b"<svg" in head.lower()


def _check_size(file: Any, max_bytes: int) -> None:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(0)
    if size == 0:
        raise _empty()
    if size > max_bytes:
        raise _too_big(max_bytes)


def _has_transparency(image: Image.Image) -> bool:
    if image.mode in {"RGBA", "LA", "PA"}:
        return True
    return image.mode == "P" and "transparency" in image.info


def clean_image(
    file: Any,
    *,
    max_bytes: int = IMAGE_MAX_BYTES,
    max_pixels: int = IMAGE_MAX_PIXELS,
    max_side: int = IMAGE_MAX_SIDE,
) -> ContentFile[bytes]:
    """The uploaded image, checked by its content and re-encoded without metadata.

    JPEG, or PNG when the image has transparency; at most ``max_side`` pixels wide and high. The new
    file has a random name (the uploader's file name is not kept).
    """
    _check_size(file, max_bytes)
    head = _head(file)
    if _looks_like_markup(head):
        raise ValidationError(
            _("SVG and other markup files are not allowed, because they can contain scripts. Upload a PNG or JPEG."),
            code="markup",
        )
    wrong_format = ValidationError(_("Upload a JPEG, PNG or WebP image."), code="format")
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as original:
                if original.format not in IMAGE_FORMATS:
                    raise wrong_format
                if original.width * original.height > max_pixels:
                    raise ValidationError(
                        _("The image has too many pixels: at most %(megapixels)s megapixels."),
                        code="too_many_pixels",
                        params={"megapixels": max_pixels // 1_000_000},
                    )
                original.seek(0)
                original.load()
                transparent = _has_transparency(original)
                image = ImageOps.exif_transpose(original)
                image = image.convert("RGBA" if transparent else "RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image has too many pixels: at most %(megapixels)s megapixels."),
            code="too_many_pixels",
            params={"megapixels": max_pixels // 1_000_000},
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise wrong_format from None
    finally:
        file.seek(0)
    image.thumbnail((max_side, max_side))
    buffer = io.BytesIO()
    if transparent:
        image.save(buffer, format="PNG", optimize=True)
        suffix = "png"
    else:
        image.save(buffer, format="JPEG", quality=85, optimize=True)
        suffix = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{suffix}")


def _mismatch(extension: str) -> ValidationError:
    return ValidationError(
        _("The content of the file does not match its name ending “.%(extension)s”."),
        code="mismatch",
        params={"extension": extension},
    )


def _check_text(file: Any, extension: str) -> None:
    file.seek(0)
    data = file.read()
    file.seek(0)
    if b"\x00" in data:
        raise _mismatch(extension)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Text and CSV files must be saved as UTF-8."),
            code="encoding",
        ) from None


def _check_zip(file: Any, extension: str) -> None:
    if not _head(file, 4) == b"PK\x03\x04":
        raise _mismatch(extension)
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            total = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos) or 1
            if len(infos) > ZIP_MAX_ENTRIES or total > ZIP_MAX_UNCOMPRESSED or total / packed > ZIP_MAX_RATIO:
                raise ValidationError(_("The document unpacks to too much data."), code="zip_bomb")
            if any(name.lower().endswith("vbaproject.bin") or name.lower().startswith("basic/") for name in names):
                raise ValidationError(_("Documents with macros are not allowed."), code="macros")
            if extension in OOXML:
                folder, _type = OOXML[extension]
                if "[Content_Types].xml" not in names or not any(name.startswith(folder) for name in names):
                    raise _mismatch(extension)
            else:
                if "mimetype" not in names:
                    raise _mismatch(extension)
                declared = archive.read("mimetype")[:200].decode("ascii", "replace").strip()
                if declared != ODF[extension]:
                    raise _mismatch(extension)
    except zipfile.BadZipFile:
        raise _mismatch(extension) from None
    finally:
        file.seek(0)


def clean_document(file: Any, *, max_bytes: int = DOCUMENT_MAX_BYTES) -> UploadedFile[bytes]:
    """The uploaded document, checked by its content; images come back re-encoded.

    The returned file's ``content_type`` is the type found in the content, not the one the browser sent.
    """
    _check_size(file, max_bytes)
    extension = _extension(file)
    head = _head(file)
    if head.startswith(PROGRAM_SIGNATURES):
        raise ValidationError(_("Programs and scripts are not allowed."), code="program")
    if extension == "svg" or (b"<svg" in head.lower()):
        raise ValidationError(
            _("SVG images are not allowed, because they can contain scripts. Upload a PNG or JPEG."),
            code="svg",
        )
    if extension in {"html", "htm", "xhtml", "xml"} or _looks_like_markup(head):
        raise ValidationError(_("Web pages (HTML) and other markup files are not allowed."), code="markup")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _(
                "Upload a PDF, an image (JPEG, PNG, WebP), a text or CSV file, "
                "or an office document (Word, Excel, PowerPoint, OpenDocument)."
            ),
            code="type",
        )
    if extension == "pdf":
        if not head.startswith(b"%PDF-"):
            raise _mismatch(extension)
        content_type = "application/pdf"
    elif extension in IMAGE_EXTENSIONS:
        if head.startswith(b"%PDF-") or head.startswith(b"PK\x03\x04"):
            raise _mismatch(extension)
        image = clean_image(file, max_bytes=min(max_bytes, IMAGE_MAX_BYTES))
        suffix = PurePath(image.name or "").suffix
        cleaned = SimpleUploadedFile(
            f"{_stem(file)}{suffix}", image.read(), content_type="image/png" if suffix == ".png" else "image/jpeg"
        )
        return cleaned
    elif extension in TEXT_EXTENSIONS:
        if head.startswith((b"%PDF-", b"PK\x03\x04")):
            raise _mismatch(extension)
        _check_text(file, extension)
        content_type = TEXT_EXTENSIONS[extension]
    else:
        _check_zip(file, extension)
        content_type = OOXML[extension][1] if extension in OOXML else ODF[extension]
    file.seek(0)
    if not isinstance(file, UploadedFile):
        data = file.read()
        return SimpleUploadedFile(getattr(file, "name", "file") or "file", data, content_type=content_type)
    file.content_type = content_type
    return file
