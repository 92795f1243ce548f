"""Organizations' logos: PNG or JPEG only, checked by their content with Pillow, never SVG.

An upload is read with a byte limit; its header must say PNG or JPEG whatever the file is
called; its size in pixels is checked before any pixel is decoded (a small file can claim a
huge image: a decompression bomb); then the whole image is decoded once to prove it is intact.
The bytes kept are the uploaded ones, stored like paper files (app/storage.py).
"""
from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from app.models.organization import LogoFormat

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_SIDE = 2000

_FORMATS = {"PNG": LogoFormat.PNG, "JPEG": LogoFormat.JPEG}


class LogoRefused(ValueError):
    """A logo that is not kept; the message says why, in the reader's language."""


@dataclass(frozen=True)
class CheckedLogo:
    data: bytes
    format: LogoFormat
    width: int
    height: int
    sha256: str


def _refuse_type() -> LogoRefused:
    return LogoRefused(_("The logo must be a PNG or JPEG image (SVG and other files are not accepted)."))


def check_logo(data: bytes) -> CheckedLogo:
    """The logo if its content is an intact PNG or JPEG within the limits; else LogoRefused."""
    if not data:
        raise LogoRefused(_("The logo file is empty."))
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRefused(_("The logo is larger than %(num)d MB.", num=MAX_LOGO_BYTES // (1024 * 1024)))
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise _refuse_type()
    too_large = LogoRefused(_("The logo must be at most %(side)d × %(side)d pixels.", side=MAX_LOGO_SIDE))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(_FORMATS)) as image:
                kind = _FORMATS.get(image.format or "")
                width, height = image.size
                if kind is None:
                    raise _refuse_type()
                if not (0 < width <= MAX_LOGO_SIDE and 0 < height <= MAX_LOGO_SIDE):
                    raise too_large
                image.verify()
            with Image.open(io.BytesIO(data), formats=list(_FORMATS)) as image:
                image.load()  # every pixel decoded once: a truncated or damaged file fails here
    except LogoRefused:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise too_large from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
        raise LogoRefused(_("The logo is damaged or not a PNG or JPEG image.")) from exc
    return CheckedLogo(data=data, format=kind, width=width, height=height, sha256=hashlib.sha256(data).hexdigest())


def read_upload(stream) -> CheckedLogo:
    """A logo from an uploaded file, read no further than the limit."""
    return check_logo(stream.read(MAX_LOGO_BYTES + 1))
