"""The browser part of the benchmark stays runnable (``make bench`` measures; this times nothing)."""

from tests.test_benchmark import benchmark_table


def test_the_browser_benchmark_runs_at_a_tiny_size(chromium_path):
    lines = benchmark_table("--only=browser")
    names = [line.split(" | ")[0].removeprefix("| ") for line in lines[2:]]
    assert names == [
        "fresh visit: bare page with a 33-borough map (baseline, Chromium)",
        "fresh visit: overview page vs the bare map page",
        "fresh visit: the bare map in the dashboard's frame, no data (scripts/frame_page.py), vs the bare map page",
        "fresh visit: the bare map with one part, a 33-row table as plain HTML and a download button "
        "(?parts=html), vs the bare map page",
        "widget change: measure on the Overview, until the new map is drawn (Chromium)",
        "2 simultaneous sessions opening the Overview: slowest vs one alone",
        "2 simultaneous sessions: least possible slowest vs one alone, from one visit's CPU on this machine's cores",
        "2 simultaneous sessions: the server's CPU for all of them, vs one visit alone",
        "2 simultaneous sessions opening the bare map page: slowest vs one alone",
    ]
    assert all("a breakdown, not a goal" in line for line in lines[2:] if "with one part, " in line)


def test_the_area_set_benchmark_runs_at_a_tiny_size(chromium_path):
    lines = benchmark_table("--only=areas")
    names = [line.split(" | ")[0].removeprefix("| ") for line in lines[2:]]
    label = "area set greater-manchester, 10 areas x 1 respondent, 1 round"
    assert names == [f"{label}: a round's scores and rank intervals worked out and kept (its first visitor), mean per round",
                     *(f"{label}: {page} page, cold (server)" for page in
                       ["overview", "borough", "peers", "clusters", "gaps", "readiness", "trends", "explore", "briefing",
                        "method", "upload"]),
                     f"fresh visit: {label}, overview vs London's overview (demo store)"]
