"""Directory benchmarks: search per keystroke, import of a national Annuaire file, the
Département's annuaire social, partners for a commune, the territory editor.

Run from the repository root:  python -m benchmarks.directory [--records N] [--part P]

Prints figures; asserts nothing. Goals (issue 4): a keystroke's search ≤ 5 ms over the
whole directory (with a large Annuaire loaded); a 200 000-record national file imported
in < 60 s and < 200 MB peak memory on a 2-core machine. Goals (issue 12): a 20 000-row
annuaire social imported in ≤ 10 s and ≤ 200 MB peak; partners for a commune ≤ 5 ms;
the territory editor ≤ 50 ms per action with 332 communes and 30 CDAS (fictional names).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from asip_desktop import config  # noqa: E402
from tests.directory import synthetic_annuaire  # noqa: E402

QUERIES = ["rennes", "caf fougeres", "service social", "3646", "saint malo pmi", "france services"]


def figures(ms: list[float]) -> str:
    p95 = sorted(ms)[int(len(ms) * 0.95)]
    return f"{statistics.median(ms):.2f} ms, p95 {p95:.2f} ms, max {max(ms):.2f} ms"


def keystroke_timings(directory: Any) -> list[float]:
    """Milliseconds per search, one search per character typed of each query."""
    timings = []
    for query in QUERIES:
        for n in range(1, len(query) + 1):
            start = time.perf_counter()
            directory.search(query[:n], limit=200)  # the view shows 200 at most
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def import_in_fresh_process(path: Path) -> tuple[float, float, int, int]:
    script = textwrap.dedent(
        f"""
        import resource, time
        from pathlib import Path
        from asip_desktop.directory.annuaire import import_annuaire
        start = time.perf_counter()
        r = import_annuaire(Path({str(path)!r}))
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # ru_maxrss can keep the parent's peak across fork/exec: VmHWM is this process's own
        status = Path("/proc/self/status")
        if status.exists():
            hwm = [l for l in status.read_text().splitlines() if l.startswith("VmHWM:")]
            peak = int(hwm[0].split()[1]) / 1024 if hwm else peak
        print(took, peak, r.records, len(r.entries))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    took, peak, records, kept = out.stdout.split()
    return float(took), float(peak), int(records), int(kept)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument(
        "--bz2", action="store_true", help="also time the .tar.bz2 (making it takes minutes)"
    )
    parser.add_argument("--part", choices=("all", "national", "social"), default="all")
    parser.add_argument("--social-rows", type=int, default=20_000)
    args = parser.parse_args()
    if args.part in ("all", "social"):
        social_benchmarks(args.social_rows)
    if args.part == "social":
        return
    with tempfile.TemporaryDirectory(prefix="asip-bench-") as tmp:
        tmpdir = Path(tmp)
        path = tmpdir / "national.json"
        start = time.perf_counter()
        synthetic_annuaire.write(path, args.records)  # full 41-key records, as in the sample
        size_mb = path.stat().st_size / 2**20
        print(
            f"generated {args.records} records, {size_mb:.0f} MB "
            f"in {time.perf_counter() - start:.1f} s"
        )

        took, peak, records, kept = import_in_fresh_process(path)
        print(
            f"annuaire import (fresh process): {took:.1f} s, peak RSS {peak:.0f} MB, "
            f"{records} records read, {kept} kept   [goals: < 60 s, < 200 MB]"
        )

        if args.bz2:
            archive = tmpdir / "all_latest.tar.bz2"
            subprocess.run(["tar", "-cjf", str(archive), "-C", str(tmpdir), path.name], check=True)
            took, peak, records, kept = import_in_fresh_process(archive)
            print(f"annuaire import from .tar.bz2: {took:.1f} s, peak RSS {peak:.0f} MB")

        # search over the whole directory, with that Annuaire and the example local file
        config.set_data_dir_override(tmpdir / "data")
        from asip_desktop.directory.catalog import Directory

        directory = Directory.load()
        directory.apply(directory.plan_import(ROOT / "docs/examples/annuaire-local-exemple.csv"))
        plan = directory.plan_import(path)
        directory.apply(plan)
        # the synthetic file keeps only ~1 % (département 35); also load a directory made
        # of every record, types and département ignored, as a worst case
        import datetime as dt

        from asip_desktop.directory.annuaire import _records, entry_from_record

        total = len(directory.entries)
        timings = keystroke_timings(directory)
        print(
            f"search per keystroke over {total} entries: median {figures(timings)}   [goal ≤ 5 ms]"
        )

        big = []
        with path.open(encoding="utf-8") as f:
            for record, _line in _records(f):
                record["code_insee_commune"] = "35238"
                record["pivot"][0]["type_service_local"] = "caf"
                entry, _ = entry_from_record(record, dt.date.today())
                if entry is not None:
                    big.append(entry)
                if len(big) >= 20_000:
                    break
        directory.annuaire = big
        directory._rebuild()
        timings = keystroke_timings(directory)
        print(f"worst case, {len(directory.entries)} entries: median {figures(timings)}")
        peak_here = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"this process peak RSS {peak_here:.0f} MB, cpus {os.cpu_count()}")


def social_import_in_fresh_process(path: Path) -> tuple[float, float, int]:
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from asip_desktop.directory.annuaire_social import import_annuaire_social
        from asip_desktop.directory.communes import commune_index
        from asip_desktop.directory.partners import kind_for_themes
        index = commune_index()
        kind_for_themes(["Mairies"])  # the needs file, read once
        start = time.perf_counter()
        r = import_annuaire_social(Path({str(path)!r}), index, kind_for_themes)
        took = time.perf_counter() - start
        assert not r.problems, r.problems[:3]
        hwm = [l for l in Path("/proc/self/status").read_text().splitlines()
               if l.startswith("VmHWM:")]
        print(took, int(hwm[0].split()[1]) / 1024, len(r.entries))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    took, peak, kept = out.stdout.split()
    return float(took), float(peak), int(kept)


def social_benchmarks(rows: int) -> None:
    from tests.directory import synthetic_social

    with tempfile.TemporaryDirectory(prefix="asip-bench-social-") as tmp:
        tmpdir = Path(tmp)
        path = tmpdir / "annuaire-social.csv"
        synthetic_social.write(path, rows)
        size_mb = path.stat().st_size / 2**20
        took, peak, kept = social_import_in_fresh_process(path)
        print(
            f"annuaire social import, {rows} rows ({size_mb:.1f} MB), fresh process: "
            f"{took:.2f} s, peak RSS {peak:.0f} MB, {kept} kept   [goals: ≤ 10 s, ≤ 200 MB]"
        )
        config.set_data_dir_override(tmpdir / "data")
        from asip_desktop.directory.catalog import Directory
        from asip_desktop.directory.partners import needs

        directory = Directory.load()
        start = time.perf_counter()
        plan = directory.plan_import(path)
        directory.apply(plan)
        print(
            f"same file through plan_import + apply (preview diff, stored copy): "
            f"{time.perf_counter() - start:.2f} s"
        )
        start = time.perf_counter()
        partners = directory.partners
        print(f"partner index built once: {(time.perf_counter() - start) * 1000:.1f} ms")
        wanted = [n.id for n in needs()]
        timings = []
        for commune in directory.index.communes:
            begin = time.perf_counter()
            partners.partners_for(commune.insee, ["alimentaire", "demarches"])
            timings.append((time.perf_counter() - begin) * 1000)
        print(f"partners for a commune (2 needs, 332 communes): {figures(timings)}   [≤ 5 ms]")
        timings = []
        for commune in directory.index.communes:
            begin = time.perf_counter()
            partners.partners_for(commune.insee, wanted)
            timings.append((time.perf_counter() - begin) * 1000)
        print(f"partners for a commune (all {len(wanted)} needs): {figures(timings)}")
        config.set_data_dir_override(None)
    territory_editor_benchmark()


def territory_editor_benchmark() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="asip-bench-editor-") as tmp:
        config.set_data_dir_override(Path(tmp))
        from asip_desktop.gui.directory.directory_state import directory_state
        from asip_desktop.gui.directory.territory_editor import TerritoryEditor

        directory_state().reload()
        editor = TerritoryEditor()
        editor.resize(1100, 760)
        editor.show()
        app.processEvents()

        def timed(action: Any) -> float:
            begin = time.perf_counter()
            action()
            app.processEvents()  # the repaint is part of the response
            return (time.perf_counter() - begin) * 1000

        adds = []
        for n in range(1, 31):
            editor.new_name.setText(f"CDAS FICTIF {n:02d}")
            adds.append(timed(editor.add_cdas))
        epci_times, commune_times, share_times = [], [], []
        epcis = list(editor.epci_items)
        for n, epci in enumerate(epcis * 2):
            editor.cdas_list.setCurrentRow(n % 30)
            editor.tree.setCurrentItem(editor.epci_items[epci])
            epci_times.append(timed(editor.assign_epci))
        for n, item in enumerate(list(editor.commune_items.values())[::3]):
            editor.cdas_list.setCurrentRow((n * 7) % 30)
            editor.tree.setCurrentItem(item)
            commune_times.append(timed(editor.assign_commune))
        editor.sector_edit.setText("quartiers fictifs")
        for n in range(30):
            editor.cdas_list.setCurrentRow(n)
            editor.tree.setCurrentItem(editor.commune_items["35238"])
            share_times.append(timed(editor.share_commune))
        select = []
        for n in range(60):
            select.append(timed(lambda n=n: editor.cdas_list.setCurrentRow(n % 30)))
        print("territory editor, 332 communes, 30 fictional CDAS   [goal ≤ 50 ms per action]:")
        print(f"  add a CDAS: {figures(adds)}")
        print(f"  assign a whole EPCI: {figures(epci_times)}")
        print(f"  assign one commune: {figures(commune_times)}")
        print(f"  share a commune (sector): {figures(share_times)}")
        print(f"  select a CDAS (form refilled): {figures(select)}")
        editor.close()
        config.set_data_dir_override(None)


if __name__ == "__main__":
    main()
