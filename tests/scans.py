"""Making scans for the OCR tests and bench: a text PDF printed to page images with the marks of an
office scanner (resolution, skew, speckle noise, JPEG compression), an image-only PDF of them, and
the incoming stamp (dấu ĐẾN) drawn onto a page."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

FONTS = Path("/usr/share/fonts/truetype/dejavu")


def rasterise(pdf: bytes | Path, dpi: int, pages: list[int] | None = None) -> list[Image.Image]:
    """Pages of a PDF as RGB images at ``dpi``."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    numbers = range(len(doc)) if pages is None else [p % len(doc) for p in pages]
    out = [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in numbers]
    doc.close()
    return out


def degrade(img: Image.Image, *, skew: float = 0.0, noise: float = 0.0, jpeg: int | None = None,
            seed: int = 0) -> Image.Image:
    """A page with an office scanner's marks: rotated by ``skew`` degrees, salt-and-pepper ``noise``
    (fraction of pixels), grey paper, JPEG at quality ``jpeg``."""
    rng = random.Random(seed)
    if skew:
        img = img.rotate(skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    if noise:
        px = img.load()
        w, h = img.size
        for _ in range(int(w * h * noise)):
            x, y = rng.randrange(w), rng.randrange(h)
            v = rng.choice((30, 235))
            px[x, y] = (v, v, v)
    img = img.point(lambda v: int(v * 0.92 + 6))  # grey paper, less contrast
    if jpeg:
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=jpeg)
        img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return img


def image_pdf(pages: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF (no text layer) of the pages."""
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buf.getvalue()


def draw_stamp(page: Image.Image, dpi: int, lines: dict[str, str], *, at: tuple[float, float] = (0.52, 0.2),
               ink: tuple[int, int, int] = (200, 20, 30), hand: dict[str, str] | None = None) -> Image.Image:
    """The ĐẾN stamp (a 50 x 35 mm frame: receiver, ``ĐẾN Số: Ngày:``, ``Chuyển:``, ``Số và ký hiệu HS:``)
    drawn on ``page`` at the fractions ``at`` of its size; ``lines`` fill the fields, ``hand`` draws
    values as scribbles instead (illegible handwriting)."""
    page = page.copy()
    d = ImageDraw.Draw(page)
    mm = dpi / 25.4
    x0, y0 = int(page.size[0] * at[0]), int(page.size[1] * at[1])
    w, h = int(50 * mm), int(35 * mm)
    d.rectangle((x0, y0, x0 + w, y0 + h), outline=ink, width=max(2, int(0.5 * mm)))
    small = ImageFont.truetype(str(FONTS / "DejaVuSerif-Bold.ttf"), int(3.0 * mm))
    body = ImageFont.truetype(str(FONTS / "DejaVuSerif.ttf"), int(3.2 * mm))
    big = ImageFont.truetype(str(FONTS / "DejaVuSerif-Bold.ttf"), int(6.5 * mm))
    receiver = lines.get("receiver", "TÊN CƠ QUAN, TỔ CHỨC").split()
    half = len(receiver) // 2 if d.textlength(" ".join(receiver), font=small) > w - 6 * mm else len(receiver)
    for k, part in enumerate((" ".join(receiver[:half]), " ".join(receiver[half:]))):
        if part:
            d.text((x0 + w / 2 - d.textlength(part, font=small) / 2, y0 + (1.2 + 3.4 * k) * mm), part, font=small,
                   fill=ink)
    d.text((x0 + 3 * mm, y0 + 10 * mm), "ĐẾN", font=big, fill=ink)
    fields = [("Số:", "number", 22, 9.5), ("Ngày:", "date", 22, 15), ("Chuyển:", "forwarded", 3, 22),
              ("Số và ký hiệu HS:", "file", 3, 28)]
    rng = random.Random(7)
    for label, key, dx, dy in fields:
        x, y = x0 + dx * mm, y0 + dy * mm
        d.text((x, y), label, font=body, fill=ink)
        vx = x + d.textlength(label + " ", font=body)
        if hand and key in hand:
            pts = [(vx + i * 1.2 * mm, y + 2 * mm + rng.uniform(-1.5, 1.5) * mm) for i in range(12)]
            d.line(pts, fill=(20, 30, 140), width=max(2, int(0.4 * mm)))
        elif lines.get(key):
            d.text((vx, y), lines[key], font=body, fill=(20, 30, 140))
    return page


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, out_dir: Path) -> Path:
    """Print a DOCX to PDF with LibreOffice (headless, a private profile)."""
    return docxs_to_pdfs([docx], out_dir)[0]


def docxs_to_pdfs(docxs: list[Path], out_dir: Path) -> list[Path]:
    """Print DOCX files to PDF with one run of LibreOffice (headless, a private profile)."""
    exe = soffice()
    assert exe is not None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), *map(str, docxs)], check=True, capture_output=True,
                       timeout=60 + 30 * len(docxs))
    return [out_dir / (d.stem + ".pdf") for d in docxs]


def scan_of(pdf: bytes | Path, *, dpi: int = 200, skew: float = 1.0, noise: float = 0.002, jpeg: int | None = 75,
            pages: list[int] | None = None, seed: int = 0) -> bytes:
    """An image-only PDF made from a text PDF as an office scanner would: ``dpi``, skew, noise, JPEG."""
    images = [degrade(p, skew=skew if i % 2 == 0 else -skew, noise=noise, jpeg=jpeg, seed=seed + i)
              for i, p in enumerate(rasterise(pdf, dpi, pages))]
    return image_pdf(images, dpi)


def field_values(doc: Any) -> dict[str, Any]:
    """The fields compared between a text-layer reading and an OCR reading."""
    sig = doc.signature
    return {
        "number": doc.number.canonical if doc.number else None,
        "type": doc.type.name if doc.type else None,
        "date": doc.date,
        "issuer": doc.issuer.name if doc.issuer else None,
        "signer": sig.signer if sig else None,
        "subject": doc.subject,
        "recipients": tuple(doc.recipients),
    }
