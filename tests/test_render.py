import re
import shutil
from pathlib import Path

import pytest

import spasmtext
from spasmtext.render import render_html, write_report

from conftest import ROOT

EVIL = 'Ice helped. <script>window.__pwned = 1;</script><img src=x onerror="window.__pwned = 2"> </textarea>'


def _items(nlp, texts):
    return list(zip(spasmtext.extract_batch(texts, nlp), texts))


def test_render_escapes_note_text(nlp):
    page = render_html(_items(nlp, [EVIL]))
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned = 1;&lt;/script&gt;" in page
    assert len(re.findall(r"<script>", page)) == 1  # the page's own script only


def test_render_is_self_contained(nlp):
    page = render_html(_items(nlp, ["Ice helped a lot."]))
    assert not re.search(r"<(link|img|iframe)\b", page)
    assert not re.search(r'\b(src|href)\s*=', page)
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_render_tooltip_names_the_note_section(nlp):
    page = render_html(_items(nlp, ["HPI: low back pain.\nPLAN: Heat, walking daily."]))
    assert re.search(r'aria-label="REMEDY · HEAT_COLD · [^"]*· section plan"', page)
    assert "section" not in render_html(_items(nlp, ["Heat helps."])).split("<article", 1)[1].split("</article>")[0]


def test_render_summary_counts_and_errors(nlp):
    items = _items(nlp, ["After lifting boxes my back seized up. Ice helped a lot.", 42, "Heat helps."])
    page = render_html(items)
    assert "3 documents" in page and "1 errors" in page
    assert '<ul class="errors"><li>1</li></ul>' in page
    assert page.count('<article class="doc"') == 3
    assert re.search(r"<tr><td>REMEDY</td><td>HEAT_COLD</td><td>2</td></tr>", page)


def test_render_streams_without_holding_docs(tmp_path):
    def records():
        for i in range(3000):
            text = f"note {i}: ice helped"
            yield {"id": i, "mentions": [{"start": len(text) - 10, "end": len(text) - 7, "label": "REMEDY",
                                          "category": "HEAT_COLD", "score": 0.9, "negated": False,
                                          "experiencer": "patient"}]}, text

    assert write_report(records(), tmp_path / "big.html") == 3000
    assert (tmp_path / "big.html").read_text().count('<article class="doc"') == 3000


# -- in a real browser ---------------------------------------------------------

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("headless Chromium not found (Debian packages chromium, chromium-driver; .ci/run installs them)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1100,1400"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def _visible_marks(driver, label=None):
    marks = driver.find_elements("css selector", "article:not(.hidden) mark.m:not(.off)")
    return [m for m in marks if label is None or m.get_attribute("data-label") == label]


@pytest.mark.browser
def test_render_in_browser_highlights_filters_and_safety(nlp, browser, tmp_path):
    texts = [line for line in (ROOT / "examples" / "notes.jsonl").read_text().splitlines()]
    import json

    texts = [json.loads(t)["text"] for t in texts] + [EVIL]
    path = tmp_path / "report.html"
    write_report(_items(nlp, texts), path)
    browser.get(Path(path).as_uri())
    assert browser.execute_script("return window.__pwned === undefined")  # the injected script never ran
    doc = browser.find_elements("css selector", "article.doc")[-1]
    assert "<script>window.__pwned" in doc.text

    causes, remedies = _visible_marks(browser, "CAUSE"), _visible_marks(browser, "REMEDY")
    assert causes and remedies
    assert {m.text.rstrip("CR") for m in remedies} >= {"Ice", "heating pad"}
    browser.find_element("id", "f-remedy").click()  # hide remedies
    assert _visible_marks(browser, "REMEDY") == [] and _visible_marks(browser, "CAUSE")
    browser.find_element("id", "f-remedy").click()

    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "f-negation")).select_by_value("negated")
    negated = _visible_marks(browser)
    assert negated and all(m.get_attribute("data-negated") == "true" for m in negated)
    Select(browser.find_element("id", "f-negation")).select_by_value("all")
    Select(browser.find_element("id", "f-category")).select_by_value("HEAT_COLD")
    assert {m.get_attribute("data-category") for m in _visible_marks(browser)} == {"HEAT_COLD"}
    Select(browser.find_element("id", "f-category")).select_by_value("")

    search = browser.find_element("id", "f-search")
    search.send_keys("tipped pelvis")
    assert len(browser.find_elements("css selector", "article.doc:not(.hidden)")) == 1
    search.clear()
    search.send_keys(" ")
    search.clear()

    first = _visible_marks(browser)[0]
    browser.execute_script("arguments[0].focus()", first)
    tip = first.find_element("css selector", ".tip")
    assert tip.is_displayed() and "score" in tip.text and "experiencer" in tip.text
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "report.png"))
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000


@pytest.mark.browser
@pytest.mark.slow
def test_render_in_browser_10000_documents_paginate(browser, tmp_path):
    def records():
        for i in range(10_000):
            text = f"Note {i}. After lifting boxes my back seized up; ice helped."
            yield {"id": f"n{i}", "mentions": [
                {"start": text.index("lifting"), "end": text.index(" my"), "label": "CAUSE",
                 "category": "LIFTING", "score": 0.9, "negated": False, "experiencer": "patient"},
                {"start": text.index("ice"), "end": text.index("ice") + 3, "label": "REMEDY",
                 "category": "HEAT_COLD", "score": 0.8, "negated": False, "experiencer": "patient"}]}, text

    path = tmp_path / "big.html"
    write_report(records(), path)
    browser.set_page_load_timeout(60)
    browser.get(Path(path).as_uri())
    assert "page 1 of 100 (10000 documents)" in browser.find_element("id", "pageinfo").text
    assert len(browser.find_elements("css selector", "article.doc:not(.hidden)")) == 100
    browser.find_element("id", "next").click()
    assert "page 2 of 100" in browser.find_element("id", "pageinfo").text
    assert browser.find_elements("css selector", "article.doc:not(.hidden)")[0].get_attribute("data-id") == "n100"
