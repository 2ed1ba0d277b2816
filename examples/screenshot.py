"""Make docs/report-example.png: the HTML report of examples/notes.jsonl in headless Chromium.

    spasmtext render examples/notes.jsonl -o report.html
    python examples/screenshot.py report.html docs/report-example.png

Needs selenium and Debian's chromium + chromium-driver (see .ci/run).
"""

import sys
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--window-size=1000,1500"):
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    driver.get(Path(sys.argv[1]).resolve().as_uri())
    mark = driver.find_elements("css selector", "article mark.m")[2]  # show one tooltip
    driver.execute_script("arguments[0].focus(); window.scrollTo(0, 0);", mark)
    driver.save_screenshot(sys.argv[2])
finally:
    driver.quit()
