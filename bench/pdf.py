"""PDF/A conversion in `make bench`: the warm listener against a cold `soffice --convert-to`.

The same contracts of the data set, rendered once with `render_docx`, are converted one after
the other by both converters, alternating document by document so that a change in the
machine's load falls on both alike: cold, a new `soffice` per document (documents.pdf), and
warm, this process's listener (documents.converter), started and warmed up with one untimed
conversion first. The listener's memory is the resident memory of its whole process tree
(unoserver, oosplash, soffice.bin), sampled from /proc while it works.
"""
from __future__ import annotations

import contextlib
import io
import statistics
import threading
import time
from itertools import zip_longest

import click
from flask import Flask
from pypdf import PdfReader

from bench import measure
from documents import converter, pdf
from documents.engine import render_docx

TARGET_SPEEDUP = 3.0
TIMEOUT = 120  # the bench measures; a slow machine must not turn into a failure
SAMPLE_EVERY = 0.05


def contract_documents(app: Flask, count: int) -> list[bytes]:
    """The .docx of `count` numbered contracts, taken in turn from each template."""
    by_template: dict = {}
    for path, context in measure.contract_jobs(app, 3 * count):
        by_template.setdefault(path, []).append(context)
    turns = zip_longest(*[[(path, c) for c in contexts] for path, contexts in
                          sorted(by_template.items())])
    jobs = [job for turn in turns for job in turn if job is not None][:count]
    return [render_docx(path, context) for path, context in jobs]


def is_pdfa_2b(data: bytes) -> bool:
    """Whether a PDF declares PDF/A-2b in its XMP metadata."""
    xmp = PdfReader(io.BytesIO(data)).xmp_metadata
    return xmp is not None and (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("2", "B")


class PeakMemory:
    """Samples a listener's resident memory in a thread; `peak` is the highest seen, bytes."""

    def __init__(self, listener: converter.Listener) -> None:
        self.listener, self.peak, self._stop = listener, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, name="pdf-rss", daemon=True)

    def _run(self) -> None:
        pids, samples = [], 0
        while not self._stop.is_set():
            if samples % 20 == 0:  # the tree is stable: re-read its members now and then
                pids = self.listener.processes()
            self.peak = max(self.peak, converter.rss_bytes(pids))
            samples += 1
            self._stop.wait(SAMPLE_EVERY)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()


def _timed(convert, data: bytes) -> tuple[float, bytes]:
    start = time.perf_counter()
    result = convert(data, TIMEOUT)
    return time.perf_counter() - start, result


def measure_pdf(app: Flask, count: int = 20) -> dict:
    """Seconds per document, cold and warm, their ratio and the listener's peak memory."""
    if count <= 0:
        return {}
    if not pdf.soffice_available():
        click.echo("Không có soffice: bỏ qua phép đo PDF (apt-get install "
                   "libreoffice-writer-nogui).")
        return {}
    with app.app_context():
        venv = converter.uno_venv()
    documents = contract_documents(app, count)
    if not documents:
        return {}
    warm = converter.listener(venv) if converter.warm_installed(venv) else None
    if warm is None:
        click.echo(f"Không có {venv}: chỉ đo soffice từng lần (make install tạo bộ chuyển "
                   "thường trực).")
    cold_s, warm_s, pdfa = [], [], 0
    try:
        started = time.perf_counter()
        if warm is not None:
            warm.start()
        start_s = time.perf_counter() - started
        with PeakMemory(warm) if warm is not None else contextlib.nullcontext() as memory:
            if warm is not None:
                warm.convert(documents[0], TIMEOUT)  # warm-up: LibreOffice loads its filters
            for data in documents:
                seconds, result = _timed(pdf.cold_docx_to_pdf, data)
                cold_s.append(seconds)
                pdfa += is_pdfa_2b(result)
                if warm is not None:
                    seconds, result = _timed(warm.convert, data)
                    warm_s.append(seconds)
                    pdfa += is_pdfa_2b(result)
    finally:
        if warm is not None:
            warm.stop()
    results = {"pdf_count": len(documents),
               "pdf_cold_s_per_doc": round(statistics.fmean(cold_s), 3),
               "pdf_cold_median_s": round(statistics.median(cold_s), 3),
               "pdf_pdfa_2b": f"{pdfa}/{len(cold_s) + len(warm_s)}"}
    if warm_s:
        results.update(
            pdf_warm_s_per_doc=round(statistics.fmean(warm_s), 3),
            pdf_warm_median_s=round(statistics.median(warm_s), 3),
            pdf_warm_speedup=round(statistics.fmean(cold_s) / statistics.fmean(warm_s), 2),
            pdf_listener_start_s=round(start_s, 1),
            pdf_listener_peak_rss_mb=round(memory.peak / 2**20, 1))
    return results


def print_pdf(results: dict) -> None:
    """The PDF figures under the main table, with the 3× target."""
    if "pdf_count" not in results:
        return
    click.echo(f"\nPDF/A-2b, {results['pdf_count']} hợp đồng (đạt PDF/A-2b: "
               f"{results['pdf_pdfa_2b']}):")
    click.echo(f"  soffice từng lần        {results['pdf_cold_s_per_doc']:.3f} s/văn bản "
               f"(trung vị {results['pdf_cold_median_s']:.3f} s), "
               f"{1 / results['pdf_cold_s_per_doc']:.2f} PDF/s")
    if "pdf_warm_s_per_doc" not in results:
        return
    ok = results["pdf_warm_speedup"] >= TARGET_SPEEDUP
    click.echo(f"  bộ chuyển thường trực   {results['pdf_warm_s_per_doc']:.3f} s/văn bản "
               f"(trung vị {results['pdf_warm_median_s']:.3f} s), "
               f"{1 / results['pdf_warm_s_per_doc']:.2f} PDF/s")
    click.echo(f"  nhanh hơn               {results['pdf_warm_speedup']:.2f}× "
               f"(mục tiêu ≥ {TARGET_SPEEDUP:.0f}×: {'đạt' if ok else 'KHÔNG ĐẠT'})")
    click.echo(f"  khởi động bộ chuyển     {results['pdf_listener_start_s']:.1f} s; bộ nhớ đỉnh "
               f"(RSS cả cây tiến trình) {results['pdf_listener_peak_rss_mb']:.0f} MB")
