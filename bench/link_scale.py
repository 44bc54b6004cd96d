"""Scale of the corpus index: add N synthetic documents, resolve every citation, measure.

    python bench/link_scale.py --docs N [--db PATH] [--seed S] [--refs R]

Builds one synthetic corpus of N documents directly as ``Document`` objects (no text parsing:
the parser has its own throughput bench), with realistic reference patterns: state, legal and
Party numbering (numbers restart per issuer per year, Party numbers per term), provincial bodies
that share one abbreviation (every province has a ``UBND`` and an ``STTTT``), citations that give
a full date, only a year or nothing, citations of documents not in the corpus (a heavy tail of
often-cited laws and decrees), ``via`` chains, and OCR noise in 5% of citations (lost
diacritics, look-alike letters in the symbol, now and then a wrong digit).

It times ``Corpus.add_documents`` (generation excluded) and ``Corpus.resolve``, checks a sample
of links against the generator's truth, and ends with the line
``docs=N index_s=... resolve_s=... peak_mb=...``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vanban import Corpus
from vanban.link.identity import party_term
from vanban.models import (
    Document,
    DocumentNumber,
    DocumentType,
    Issuer,
    NumberForm,
    Reference,
    Relation,
    Span,
    System,
)

PROVINCES = [
    "Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Cần Thơ", "Thành phố Hồ Chí Minh", "Lào Cai", "Tuyên Quang",
    "Cao Bằng", "Lạng Sơn", "Điện Biên", "Lai Châu", "Sơn La", "Thái Nguyên", "Phú Thọ", "Bắc Ninh",
    "Hưng Yên", "Ninh Bình", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp",
    "Cà Mau", "An Giang", "Bình Phước", "Bình Dương", "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh",
    "Sóc Trăng", "Bạc Liêu", "Kiên Giang", "Hậu Giang", "Ninh Thuận", "Bình Thuận", "Phú Yên", "Bình Định",
    "Kon Tum", "Đắk Nông", "Quảng Nam", "Quảng Bình", "Thái Bình", "Nam Định", "Hà Nam", "Hải Dương",
    "Vĩnh Phúc", "Bắc Giang", "Bắc Kạn", "Yên Bái", "Hòa Bình", "Hà Giang", "Bà Rịa - Vũng Tàu",
]
TOPICS = [
    "đẩy mạnh công tác thông tin cơ sở", "phòng, chống dịch bệnh", "cải cách hành chính", "chuyển đổi số",
    "quản lý đất đai", "phát triển du lịch", "an toàn giao thông", "xây dựng nông thôn mới",
    "phòng, chống tham nhũng", "giảm nghèo bền vững", "bảo vệ môi trường", "công tác văn thư, lưu trữ",
    "khuyến học, khuyến tài", "phòng cháy, chữa cháy", "quản lý thị trường", "bảo hiểm xã hội",
    "thu ngân sách nhà nước", "đầu tư công", "phát triển nguồn nhân lực", "an ninh mạng",
]
ASPECTS = ["trong tình hình mới", "giai đoạn 2021-2025", "năm 2024", "trên địa bàn tỉnh", "đến năm 2030",
           "và các năm tiếp theo", "trong cơ quan nhà nước", "ở cơ sở", "đợt cao điểm", "theo quy định mới"]
RELATIONS: list[Relation] = ["implements", "responds_to", "based_on", "mentions", "implements", "based_on"]
CONFUSE = {"D": "O", "O": "D", "I": "l", "B": "8", "S": "5", "G": "6", "Q": "O", "U": "V", "H": "N", "T": "I"}


@dataclass(frozen=True)
class Kind:
    """A kind of document: who issues it, its type and how its number is written."""

    system: System
    form: NumberForm
    type_name: str
    type_code: str | None
    issuer_code: str
    issuer_name: str
    local: bool
    weight: int


KINDS = [
    Kind("state", "named", "Quyết định", "QĐ", "UBND", "Ủy ban nhân dân tỉnh", True, 14),
    Kind("state", "named", "Kế hoạch", "KH", "UBND", "Ủy ban nhân dân tỉnh", True, 8),
    Kind("state", "dispatch", "Công văn", None, "UBND", "Ủy ban nhân dân tỉnh", True, 16),
    Kind("state", "dispatch", "Công văn", None, "STTTT", "Sở Thông tin và Truyền thông", True, 8),
    Kind("state", "named", "Báo cáo", "BC", "STTTT", "Sở Thông tin và Truyền thông", True, 5),
    Kind("state", "dispatch", "Công văn", None, "SCT", "Sở Công Thương", True, 6),
    Kind("state", "named", "Thông báo", "TB", "SNV", "Sở Nội vụ", True, 4),
    Kind("state", "dispatch", "Công văn", None, "BTC", "Bộ Tài chính", False, 5),
    Kind("state", "dispatch", "Công văn", None, "BNV", "Bộ Nội vụ", False, 3),
    Kind("legal", "legal", "Thông tư", "TT", "BTC", "Bộ Tài chính", False, 2),
    Kind("legal", "legal", "Thông tư", "TT", "BGDĐT", "Bộ Giáo dục và Đào tạo", False, 2),
    Kind("legal", "legal", "Nghị định", "NĐ", "CP", "Chính phủ", False, 2),
    Kind("legal", "legal", "Quyết định", "QĐ", "TTg", "Thủ tướng Chính phủ", False, 2),
    Kind("legal", "legal", "Nghị quyết", "NQ", "HĐND", "Hội đồng nhân dân tỉnh", True, 3),
    Kind("party", "party", "Chỉ thị", "CT", "TW", "Ban Bí thư", False, 1),
    Kind("party", "party", "Hướng dẫn", "HD", "BTGTW", "Ban Tuyên giáo Trung ương", False, 1),
    Kind("party", "party", "Kế hoạch", "KH", "TU", "Ban Thường vụ Tỉnh ủy", True, 4),
    Kind("party", "party", "Báo cáo", "BC", "BTGTU", "Ban Tuyên giáo Tỉnh ủy", True, 4),
    Kind("party", "party", "Công văn", "CV", "TU", "Tỉnh ủy", True, 6),
]
START = dt.date(2016, 2, 1)
SPAN_DAYS = 3650


@dataclass(frozen=True)
class Meta:
    """What a later citation needs to know of a generated document."""

    index: int
    kind: Kind
    canonical: str
    number: str
    year: int
    date: dt.date
    term: str | None
    issuer: str
    subject: str


def canonical_of(kind: Kind, number: str, year: int) -> str:
    """The number as the parser would print it."""
    if kind.form == "party":
        return f"{number}-{kind.type_code}/{kind.issuer_code}"
    if kind.form == "legal":
        return f"{number}/{year}/{kind.type_code}-{kind.issuer_code}"
    if kind.form == "dispatch":
        return f"{number}/{kind.issuer_code}-VP"
    return f"{number}/{kind.type_code}-{kind.issuer_code}"


def noisy(canonical: str, rng: random.Random) -> str:
    """An OCR reading of ``canonical``: lost diacritics, a look-alike letter, or a wrong digit."""
    roll = rng.random()
    if roll < 0.5 and "Đ" in canonical:
        return canonical.replace("Đ", "D")
    if roll < 0.9:
        head, _, sym = canonical.partition("/") if "/" in canonical else (canonical, "", "")
        letters = [i for i, ch in enumerate(sym) if ch in CONFUSE]
        if letters:
            i = rng.choice(letters)
            return head + "/" + sym[:i] + CONFUSE[sym[i]] + sym[i + 1:]
    digits = [i for i, ch in enumerate(canonical.split("/")[0].split("-")[0]) if ch.isdigit()]
    if digits:
        i = rng.choice(digits)
        swap = {"1": "7", "7": "1", "3": "8", "8": "3", "5": "6", "6": "5", "0": "8"}.get(canonical[i], "9")
        return canonical[:i] + swap + canonical[i + 1:]
    return canonical


class Generator:
    """Documents in date order, each citing earlier ones (and absent ones), with known truth."""

    def __init__(self, n: int, refs_per_doc: float, seed: int) -> None:
        self.n = n
        self.refs = refs_per_doc
        self.rng = random.Random(seed)
        self.counters: dict[tuple[str, str, str, object], int] = {}
        self.recent: deque[Meta] = deque(maxlen=20000)
        self.popular: list[Meta] = []
        self.external = [self._external(i) for i in range(20000)]
        self.weights = [k.weight for k in KINDS]
        self.truth: dict[tuple[str, int], str | None] = {}  # (citing source, ordinal) -> cited source
        self.gen_s = 0.0
        self.gen_cpu = 0.0

    def _external(self, i: int) -> tuple[str, str, str, str, str, int, System, NumberForm]:
        """A document cited but never added: older laws, decrees, directives."""
        rng = random.Random(i)
        kind = rng.choice(["luat", "nd", "ct", "qd"])
        year = rng.randint(2005, 2015)
        n = rng.randint(1, 300)
        if kind == "luat":
            return (f"{n}/{year}/QH{13 if year > 2011 else 12}", "Luật", "", "QH", "Quốc hội", year, "legal",
                    "assembly")
        if kind == "nd":
            return f"{n}/{year}/NĐ-CP", "Nghị định", "NĐ", "CP", "Chính phủ", year, "legal", "legal"
        if kind == "qd":
            return f"{n}/{year}/QĐ-TTg", "Quyết định", "QĐ", "TTg", "Thủ tướng Chính phủ", year, "legal", "legal"
        return f"{n}-CT/TW", "Chỉ thị", "CT", "TW", "Ban Bí thư", year, "party", "party"

    def documents(self) -> Iterator[tuple[Document, str, str]]:
        """Yield ``(document, source, content hash)`` for the corpus."""
        for i in range(self.n):
            t0, c0 = time.perf_counter(), time.process_time()
            item = self._one(i)
            self.gen_s += time.perf_counter() - t0
            self.gen_cpu += time.process_time() - c0
            yield item

    def _one(self, i: int) -> tuple[Document, str, str]:
        rng = self.rng
        kind = rng.choices(KINDS, self.weights)[0]
        date = START + dt.timedelta(days=i * SPAN_DAYS // self.n)  # citations only reach back in time
        province = rng.choice(PROVINCES) if kind.local else ""
        term = party_term(date) if kind.system == "party" else None
        period: object = term if kind.system == "party" else date.year
        key = (kind.issuer_code, province, kind.type_code or kind.type_name, period)
        self.counters[key] = self.counters.get(key, 0) + 1
        number = f"{self.counters[key]:02d}"
        canonical = canonical_of(kind, number, date.year)
        issuer = f"{kind.issuer_name} {province}".strip()
        subject = f"về {rng.choice(TOPICS)} {rng.choice(ASPECTS)}"
        source = f"synthetic/{i:08d}.txt"
        refs = self._references(i, date, source, rng)
        doc = Document.model_construct(
            source=source, system=kind.system,
            number=DocumentNumber.model_construct(
                raw=canonical, canonical=canonical, number=number, year=date.year if kind.form == "legal" else None,
                type_code=kind.type_code, issuer_code=kind.issuer_code, issuer_codes=(kind.issuer_code,),
                system=kind.system, form=kind.form),
            type=DocumentType.model_construct(name=kind.type_name, code=kind.type_code),
            issuer=Issuer.model_construct(name=issuer, code=kind.issuer_code),
            date=date, subject=subject, references=tuple(refs), text="", body="")
        meta = Meta(i, kind, canonical, number, date.year, date, term, issuer, subject)
        self.recent.append(meta)
        if not kind.local and len(self.popular) < 3000:
            self.popular.append(meta)
        return doc, source, f"{i:064x}"

    def _references(self, i: int, date: dt.date, source: str, rng: random.Random) -> list[Reference]:
        k = min(12, int(rng.expovariate(1 / self.refs))) if self.recent else 0
        out: list[Reference] = []
        seen: set[str] = set()
        for _ in range(k):
            roll = rng.random()
            target: Meta | None = None
            if roll < 0.55 and self.recent:
                target = self.recent[-1 - min(len(self.recent) - 1, int(rng.expovariate(1 / 300)))]
            elif roll < 0.65 and self.popular:
                target = self.popular[min(len(self.popular) - 1, int(rng.paretovariate(1.2)) - 1)]
            if target is not None:
                ref = self._cite(target, rng)
                truth: str | None = f"synthetic/{target.index:08d}.txt"
            else:
                ext = self.external[min(len(self.external) - 1, int(rng.paretovariate(1.1)) - 1)]
                canonical, type_name, type_code, icode, iname, year, system, form = ext
                ref = Reference.model_construct(
                    canonical=canonical, type=type_name, type_code=type_code or None, number=canonical.split("/")[0]
                    .split("-")[0], year=year if form != "party" else None, issuer_code=icode, issuer=iname,
                    date=None, term=None, subject=None, relation=rng.choice(RELATIONS), system=system, form=form,
                    via=None, via_relation=None, span=Span(start=0, end=0), mentions=())
                truth = None
            if ref.canonical in seen:
                continue
            seen.add(ref.canonical)
            if out and rng.random() < 0.1:
                ref = ref.model_copy(update={"via": out[-1].canonical, "via_relation": "implements"})
            if i % 100 == 0:
                self.truth[(source, len(out))] = truth
            out.append(ref)
        return out

    def _cite(self, t: Meta, rng: random.Random) -> Reference:
        detail = rng.random()
        date = t.date if detail < 0.7 else None
        year = t.year if detail < 0.85 else None
        canonical = noisy(t.canonical, rng) if rng.random() < 0.05 else t.canonical
        term = t.term if t.kind.system == "party" and t.kind.issuer_code == "TW" and rng.random() < 0.3 else None
        return Reference.model_construct(
            canonical=canonical, type=t.kind.type_name, type_code=t.kind.type_code, number=t.number,
            year=year, issuer_code=t.kind.issuer_code, issuer=t.issuer if rng.random() < 0.6 else None,
            date=date, term=term, subject=t.subject if rng.random() < 0.5 else None,
            relation=rng.choice(RELATIONS), system=t.kind.system, form=t.kind.form, via=None,
            via_relation=None, span=Span(start=0, end=0), mentions=())


def check_sample(corpus: Corpus, truth: dict[tuple[str, int], str | None]) -> tuple[int, int, int, int, int]:
    """(right, wrong, wrong with confidence >= 0.8, present but left missing, checked) over the sample."""
    right = wrong = sure_wrong = lost = 0
    shown = 0
    q = ("SELECT t.source, r.canonical, r.date, r.year, r.issuer, t.canonical, t.date, t.issuer, l.reason, "
         "l.confidence "
         "FROM corpus_refs r JOIN corpus_documents d ON d.id = r.doc_id "
         "JOIN corpus_links l ON l.ref_id = r.id LEFT JOIN corpus_documents t ON t.id = l.doc_id "
         "WHERE d.source = ? AND r.ordinal = ?")
    for (source, ordinal), expected in truth.items():
        row = corpus.conn.execute(q, (source, ordinal)).fetchone()
        got = row[0] if row else None
        if got == expected:
            right += 1
            continue
        if got is None:
            lost += 1
        else:
            wrong += 1
            sure_wrong += row[9] >= 0.8
        if shown < 8:
            shown += 1
            print(f"  miss: {source}#{ordinal} expected {expected} got {row}", file=sys.stderr)
    return right, wrong, sure_wrong, lost, len(truth)


def main() -> int:
    """Run the bench; prints figures and the summary line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--refs", type=float, default=4.0, help="mean citations per document")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", default=None, help="store path (default: a temporary file, removed after)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "scale.db"
        gen = Generator(args.docs, args.refs, args.seed)
        with Corpus(path) as corpus:
            t0, c0 = time.perf_counter(), time.process_time()
            report = corpus.add_documents(gen.documents(), batch=5000)
            index_s = time.perf_counter() - t0 - gen.gen_s
            index_cpu = time.process_time() - c0 - gen.gen_cpu
            t1, c1 = time.perf_counter(), time.process_time()
            resolved = corpus.resolve()
            resolve_s = time.perf_counter() - t1
            resolve_cpu = time.process_time() - c1
            stats = corpus.stats()
            right, wrong, sure_wrong, lost, checked = check_sample(corpus, gen.truth)
        size_mb = path.stat().st_size / 2**20
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"added={report.added} references={stats['references']} resolved={resolved} linked={stats['linked']} "
          f"missing={stats['missing']} generate_s={gen.gen_s:.1f} db_mb={size_mb:.0f} "
          f"index_cpu_s={index_cpu:.1f} resolve_cpu_s={resolve_cpu:.1f}", file=sys.stderr)
    print(f"sample: {checked} citations checked against the generator: right={right} wrong={wrong} "
          f"(of which confidence>=0.8: {sure_wrong}) present-but-missed={lost}", file=sys.stderr)
    print(f"docs={args.docs} index_s={index_s:.1f} resolve_s={resolve_s:.1f} peak_mb={peak_mb:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
