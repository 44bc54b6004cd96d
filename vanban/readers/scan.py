"""Page images of a scan: loading (PNG, JPEG, TIFF pages, image-only PDF pages) and preparation for OCR.

Preparation is what office scans need before Tesseract reads them well: the page brought to the
equivalent of 300 dpi, speckle removed with a 3x3 median filter, shading evened out against a blurred background, the skew found from the
projection profile of the text rows and undone (``±5°``), and the page binarised with Otsu's
threshold. Red ink (the ĐẾN stamp, seals) is kept dark in the grey image.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from vanban.errors import InputError

TARGET_DPI = 300
"""Resolution the pages are brought to before OCR."""
MAX_PAGES = 500
"""Scans with more pages than this are refused."""
MAX_PIXELS = 120_000_000
"""A page image larger than this (pixels) is refused as a decompression bomb."""
MEDIAN = 3
"""Size of the median filter that removes speckle before binarisation (0: none)."""
INK_BIAS = 25
"""Added to Otsu's threshold: light grey edges of thin strokes (tone marks of small print) stay ink."""
A4_WIDTH_IN = 8.27
_SKEW_RANGE = 5.0


@dataclass
class PageImage:
    """One page to read: the image (grey, ``L``), its resolution in dpi and its size in points."""

    image: Any
    dpi: float
    width_pt: float
    height_pt: float


@dataclass
class PreparedPage:
    """A page ready for OCR: binarised 300-dpi image, pixels per point, skew removed (degrees)."""

    image: Any
    grey: Any
    scale: float
    skew: float


def _pil() -> Any:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image


def _dpi_of(img: Any) -> float:
    """The image's stated resolution, or one guessed from an A4 page width when it states none."""
    raw = img.info.get("dpi")
    try:
        dpi = float(raw[0]) if raw else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    if 72 <= dpi <= 1200:
        return dpi
    short = float(min(img.size))
    return max(72.0, min(1200.0, short / A4_WIDTH_IN))


def load_images(data: bytes, label: str) -> list[PageImage]:
    """Every page of a PNG, JPEG, GIF or (multi-page) TIFF as a grey image."""
    image_mod = _pil()
    from PIL import ImageSequence, UnidentifiedImageError

    pages: list[PageImage] = []
    try:
        img = image_mod.open(io.BytesIO(data))
        for frame in ImageSequence.Iterator(img):
            if len(pages) >= MAX_PAGES:
                raise InputError(f"{label}: more than {MAX_PAGES} pages")
            w, h = frame.size
            if w * h > MAX_PIXELS or w < 16 or h < 16:
                raise InputError(f"{label}: page {len(pages) + 1} is {w}x{h} pixels, not a page scan")
            dpi = _dpi_of(frame)
            grey = to_grey(frame)
            pages.append(PageImage(grey, dpi, w * 72 / dpi, h * 72 / dpi))
    except InputError:
        raise
    except UnidentifiedImageError:
        raise InputError(f"{label}: not a readable image (no image format Pillow knows)") from None
    except image_mod.DecompressionBombError as e:
        raise InputError(f"{label}: not a readable image ({e})") from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, MemoryError) as e:
        raise InputError(f"{label}: corrupt or truncated image ({e})") from None
    if not pages:
        raise InputError(f"{label}: an image without pages")
    return pages


def to_grey(img: Any) -> Any:
    """A grey (``L``) copy of ``img``; red ink becomes dark (the darker of luminance and green)."""
    from PIL import ImageChops

    if img.mode in ("1", "L", "I;16", "I", "F"):
        return img.convert("L")
    rgb = img.convert("RGB")
    if img.mode in ("RGBA", "LA", "P") and "A" in img.convert("RGBA").getbands():
        white = _pil().new("RGB", rgb.size, (255, 255, 255))
        white.paste(rgb, mask=img.convert("RGBA").getchannel("A"))
        rgb = white
    _, g, _ = rgb.split()
    return ImageChops.darker(rgb.convert("L"), g)


def render_pdf_pages(data: bytes, label: str, pages: list[int] | None = None) -> list[PageImage]:
    """Pages of a PDF (all, or the 0-based ``pages``) rendered at 300 dpi in grey."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        from vanban.errors import OcrUnavailableError

        raise OcrUnavailableError(f"{label}: reading a scanned PDF needs the OCR extra: "
                                  "pip install 'vanban[ocr]'") from None
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as e:  # pdfium raises its own PdfiumError
        raise InputError(f"{label}: corrupt PDF ({e})") from None
    try:
        numbers = list(range(len(pdf))) if pages is None else pages
        if len(numbers) > MAX_PAGES:
            raise InputError(f"{label}: {len(numbers)} pages to OCR, above the limit of {MAX_PAGES}")
        out: list[PageImage] = []
        for i in numbers:
            page = pdf[i]
            w, h = page.get_size()
            if w * h * (TARGET_DPI / 72) ** 2 > MAX_PIXELS:
                raise InputError(f"{label}: page {i + 1} is {w:.0f}x{h:.0f} pt, too large to OCR")
            bitmap = page.render(scale=TARGET_DPI / 72, grayscale=False)
            out.append(PageImage(to_grey(bitmap.to_pil()), TARGET_DPI, w, h))
        return out
    except InputError:
        raise
    except Exception as e:
        raise InputError(f"{label}: a PDF page could not be rendered ({e})") from None
    finally:
        pdf.close()


def _np() -> Any:
    import numpy as np

    return np


def otsu(values: Any) -> int:
    """Otsu's threshold of a uint8 array."""
    np = _np()
    hist = np.bincount(values.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    mean = m0[-1] / total
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean * w0 - m0) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = 0
    return int(np.argmax(between))


def _even_out(grey: Any) -> Any:
    """Shading removed: each pixel divided by the local paper brightness (a max-filtered thumbnail)."""
    from PIL import ImageFilter

    np = _np()
    w, h = grey.size
    small = grey.resize((max(1, w // 16), max(1, h // 16)))
    paper = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.BoxBlur(2)).resize((w, h))
    a = np.asarray(grey, dtype=np.float32)
    b = np.maximum(np.asarray(paper, dtype=np.float32), 1.0)
    return np.clip(a * 255.0 / b, 0, 255).astype(np.uint8)


def find_skew(grey: Any) -> float:
    """The angle (degrees) that makes the text rows horizontal: the sharpest row-sum profile."""
    np = _np()
    w, h = grey.size
    factor = max(1, w // 800)
    small = grey.resize((max(1, w // factor), max(1, h // factor)))
    a = np.asarray(small)
    ink = (a < otsu(a)).astype(np.uint8) * 255
    if ink.mean() < 0.5:  # blank page
        return 0.0
    from PIL import Image

    ink_img = Image.fromarray(ink)

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink_img.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0), dtype=np.float32).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    best = max((sharpness(a10 / 2), a10 / 2) for a10 in range(int(-_SKEW_RANGE * 2), int(_SKEW_RANGE * 2) + 1))
    centre = best[1]
    fine = max((sharpness(centre + d / 10), centre + d / 10) for d in range(-5, 6))
    return fine[1] if abs(fine[1]) >= 0.1 else 0.0


def prepare(page: PageImage, *, binarise: bool = True, deskew: bool = True) -> PreparedPage:
    """The page at 300 dpi, deskewed and binarised, ready for Tesseract."""
    from PIL import Image

    np = _np()
    from PIL import ImageFilter

    grey = page.image
    factor = TARGET_DPI / page.dpi
    if abs(factor - 1) > 0.05:
        size = (max(1, round(grey.size[0] * factor)), max(1, round(grey.size[1] * factor)))
        grey = grey.resize(size, Image.Resampling.LANCZOS if factor < 1 else Image.Resampling.BICUBIC)
    if binarise and MEDIAN:
        grey = grey.filter(ImageFilter.MedianFilter(MEDIAN))
    skew = find_skew(grey) if deskew else 0.0
    if skew:
        grey = grey.rotate(skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if binarise:
        even = _even_out(grey)
        threshold = min(250, otsu(even) + INK_BIAS)
        image = Image.fromarray(np.where(even > threshold, 255, 0).astype(np.uint8))
    else:
        image = grey
    scale = grey.size[0] / page.width_pt if page.width_pt else TARGET_DPI / 72
    return PreparedPage(image, grey, scale, skew)
