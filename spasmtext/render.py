"""A self-contained HTML report of extracted mentions.

:func:`write_report` streams documents to a file: each document is rendered
and written as it comes, while only counts are kept in memory; the summary
(counts per label and category, a bar chart, the most frequent causes and
remedies) is put in front at the end. The file has no external scripts, fonts
or styles, so it opens from disk with no network.

Every piece of note text is escaped with :func:`html.escape`; the page's
script only reads ``data-*`` attributes and toggles classes, so a note holding
``<script>`` or HTML shows as text and runs nothing.
"""

import html
import shutil
import tempfile
from collections import Counter

from .lexicon import CATEGORIES, LABELS

PAGE_SIZE = 100
TOP_N = 10
# Okabe-Ito colours (safe for the common colour-vision deficiencies), and a
# second cue that needs no colour at all: CAUSE solid underline, REMEDY dashed box.
COLOURS = {"CAUSE": "#D55E00", "REMEDY": "#0072B2"}
PLURAL = {"CAUSE": "causes", "REMEDY": "remedies"}

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#222;background:#fafafa}
header,main{max-width:980px;margin:0 auto;padding:0 16px}
h1{font-size:22px;margin:16px 0 4px}h2{font-size:17px;margin:18px 0 6px}
table{border-collapse:collapse;margin:4px 0 8px}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}
.summary{display:flex;flex-wrap:wrap;gap:24px}.controls{position:sticky;top:0;background:#fafafa;padding:8px 0;
border-bottom:1px solid #ddd;z-index:2}.controls label{margin-right:12px}
article{background:#fff;border:1px solid #ddd;border-radius:4px;padding:8px 12px;margin:10px 0}
article h3{font-size:13px;color:#555;margin:0 0 4px;font-weight:600}
.text{white-space:pre-wrap;word-wrap:break-word}
mark.m{background:none;color:inherit;padding:0 1px;position:relative;cursor:help}
mark.m.CAUSE{border-bottom:3px solid #D55E00;background:#fbe3d4}
mark.m.REMEDY{outline:2px dashed #0072B2;outline-offset:0;background:#d9ebf7}
mark.m .tag{font-size:10px;font-weight:700;vertical-align:super;margin-left:2px}
mark.m.CAUSE .tag{color:#A04000}mark.m.REMEDY .tag{color:#005080}
mark.m.neg{text-decoration:line-through;text-decoration-thickness:2px}
mark.m.off{background:none;border:0;outline:0;text-decoration:none;cursor:auto}mark.m.off .tag{display:none}
mark.m .tip{display:none;position:absolute;left:0;top:1.6em;z-index:3;background:#222;color:#fff;font-size:12px;
padding:4px 6px;border-radius:3px;white-space:nowrap;text-decoration:none}
mark.m:not(.off):hover .tip,mark.m:not(.off):focus .tip{display:block}
.hidden{display:none}.errors li{color:#900}.pager button{margin:0 2px}
.legend span{margin-right:14px}
"""

JS = """
(function(){
  var docs=[].slice.call(document.querySelectorAll('article.doc'));
  var marks=[].slice.call(document.querySelectorAll('article mark.m'));
  var pageSize=%d, page=0;
  function val(id){return document.getElementById(id);}
  function apply(){
    var labels={CAUSE:val('f-cause').checked,REMEDY:val('f-remedy').checked};
    var cat=val('f-category').value, neg=val('f-negation').value;
    var q=val('f-search').value.toLowerCase();
    marks.forEach(function(m){
      var on=labels[m.dataset.label]&&(!cat||m.dataset.category===cat)&&
        (neg==='all'||(neg==='negated')===(m.dataset.negated==='true'));
      m.classList.toggle('off',!on);
      if(on){m.setAttribute('tabindex','0');}else{m.removeAttribute('tabindex');}
    });
    var shown=docs.filter(function(d){
      return !q||d.textContent.toLowerCase().indexOf(q)>=0;
    });
    var pages=Math.max(1,Math.ceil(shown.length/pageSize));
    if(page>=pages){page=pages-1;}
    docs.forEach(function(d){d.classList.add('hidden');});
    shown.slice(page*pageSize,(page+1)*pageSize).forEach(function(d){d.classList.remove('hidden');});
    val('pageinfo').textContent='page '+(page+1)+' of '+pages+' ('+shown.length+' documents)';
    val('prev').disabled=page===0;val('next').disabled=page>=pages-1;
  }
  ['f-cause','f-remedy','f-category','f-negation'].forEach(function(id){
    val(id).addEventListener('change',function(){apply();});});
  val('f-search').addEventListener('input',function(){page=0;apply();});
  val('prev').addEventListener('click',function(){page-=1;apply();});
  val('next').addEventListener('click',function(){page+=1;apply();});
  apply();
})();
"""


def _e(value):
    return html.escape(str(value), quote=True)


def _mention_html(text, m):
    label = m["label"] if m["label"] in LABELS else "CAUSE"
    negated = bool(m.get("negated"))
    tip = (f"{label} · {m.get('category')} · score {m.get('score')} · "
           f"{'negated' if negated else 'not negated'} · experiencer {m.get('experiencer')}"
           + (f" · section {m['section']}" if m.get("section") else ""))
    classes = f"m {label}" + (" neg" if negated else "")
    return (f'<mark class="{classes}" tabindex="0" data-label="{_e(label)}" '
            f'data-category="{_e(m.get("category"))}" data-negated="{str(negated).lower()}" '
            f'data-experiencer="{_e(m.get("experiencer"))}" aria-label="{_e(tip)}">'
            f'{_e(text[m["start"]:m["end"]])}<span class="tag" aria-hidden="true">'
            f'{"C" if label == "CAUSE" else "R"}</span><span class="tip" role="tooltip">{_e(tip)}</span></mark>')


def document_html(record, text):
    """One document: escaped text with its mentions highlighted."""
    parts, pos = [], 0
    for m in sorted(record.get("mentions", []), key=lambda m: m["start"]):
        if m["start"] < pos or m["end"] > len(text):
            continue  # overlapping or out of range: leave the text plain rather than garble it
        parts.append(_e(text[pos:m["start"]]))
        parts.append(_mention_html(text, m))
        pos = m["end"]
    parts.append(_e(text[pos:]))
    n = len(record.get("mentions", []))
    return (f'<article class="doc" data-id="{_e(record.get("id"))}"><h3>{_e(record.get("id"))} · '
            f'{n} mention{"s" if n != 1 else ""}</h3><div class="text">{"".join(parts)}</div></article>\n')


class _Summary:
    def __init__(self):
        self.documents = 0
        self.labels = Counter()
        self.categories = Counter()
        self.negated = Counter()
        self.top = {lab: Counter() for lab in LABELS}
        self.errors = []

    def add(self, record, text):
        self.documents += 1
        if "error" in record:
            self.errors.append(record.get("id"))
        for m in record.get("mentions", []):
            self.labels[m["label"]] += 1
            self.categories[(m["label"], m.get("category"))] += 1
            self.negated[m["label"]] += bool(m.get("negated"))
            if m["label"] in self.top:
                self.top[m["label"]][" ".join(text[m["start"]:m["end"]].lower().split())] += 1

    def chart(self):
        rows = [(lab, cat, self.categories[(lab, cat)]) for lab in LABELS for cat in CATEGORIES[lab]]
        top = max([n for _, _, n in rows] + [1])
        bar_h, width, left = 16, 560, 170
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 50}" '
               f'height="{len(rows) * (bar_h + 4) + 6}" role="img" aria-label="mentions per category">']
        for i, (lab, cat, n) in enumerate(rows):
            y = 4 + i * (bar_h + 4)
            w = round(width * n / top)
            dash = ' stroke-dasharray="4 2" stroke="#003050"' if lab == "REMEDY" else ""
            out.append(f'<text x="{left - 6}" y="{y + 12}" font-size="11" text-anchor="end">{_e(cat)}</text>'
                       f'<rect x="{left}" y="{y}" width="{w}" height="{bar_h}" fill="{COLOURS[lab]}"{dash}/>'
                       f'<text x="{left + w + 4}" y="{y + 12}" font-size="11">{n}</text>')
        out.append("</svg>")
        return "".join(out)

    def html(self, title):
        rows = "".join(
            f"<tr><td>{lab}</td><td>{_e(cat)}</td><td>{self.categories[(lab, cat)]}</td></tr>"
            for lab in LABELS for cat in CATEGORIES[lab] if self.categories[(lab, cat)])
        tops = "".join(
            f"<div><h2>Most frequent {PLURAL[lab]}</h2><table><tr><th>mention</th><th>count</th></tr>"
            + "".join(f"<tr><td>{_e(t)}</td><td>{n}</td></tr>" for t, n in self.top[lab].most_common(TOP_N))
            + "</table></div>" for lab in LABELS)
        errors = ""
        if self.errors:
            errors = ('<h2>Documents with errors</h2><ul class="errors">'
                      + "".join(f"<li>{_e(i)}</li>" for i in self.errors) + "</ul>")
        options = "".join(f'<option value="{_e(c)}">{_e(c)}</option>'
                          for lab in LABELS for c in CATEGORIES[lab])
        return f"""<header><h1>{_e(title)}</h1>
<p>{self.documents} documents · {self.labels['CAUSE']} causes ({self.negated['CAUSE']} negated) ·
{self.labels['REMEDY']} remedies ({self.negated['REMEDY']} negated) · {len(self.errors)} errors</p>
<p class="legend"><span><mark class="m CAUSE">cause<span class="tag">C</span></mark></span>
<span><mark class="m REMEDY">remedy<span class="tag">R</span></mark></span>
<span><mark class="m CAUSE neg">negated</mark></span> Hover or focus a mention for its category, score,
negation and experiencer.</p>
<div class="summary"><div><h2>Mentions per category</h2>{self.chart()}</div>
<div><h2>Counts</h2><table><tr><th>label</th><th>category</th><th>mentions</th></tr>{rows}</table></div>
{tops}</div>{errors}</header>
<main><div class="controls" role="search">
<label><input type="checkbox" id="f-cause" checked> causes</label>
<label><input type="checkbox" id="f-remedy" checked> remedies</label>
<label>category <select id="f-category"><option value="">all</option>{options}</select></label>
<label>negation <select id="f-negation"><option value="all">all</option>
<option value="negated">negated only</option><option value="affirmed">not negated only</option></select></label>
<label>search <input type="search" id="f-search" placeholder="text or id"></label>
<span class="pager"><button id="prev" type="button">&lt;</button><span id="pageinfo"></span>
<button id="next" type="button">&gt;</button></span></div>
"""


def write_report(items, path, *, title="spasmtext report"):
    """Write the HTML report of ``items`` to ``path``; return the number of documents.

    ``items`` yields ``(record, text)`` pairs: a record of
    :func:`spasmtext.extract_batch` and the text it was extracted from.
    Documents are streamed to a temporary file, so memory holds the counts
    only, never the documents.
    """
    summary = _Summary()
    with tempfile.TemporaryFile("w+", encoding="utf8") as body:
        for record, text in items:
            text = text if isinstance(text, str) else ""  # a record that failed has no text to show
            summary.add(record, text)
            body.write(document_html(record, text))
        body.seek(0)
        with open(path, "w", encoding="utf8") as out:
            out.write(f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                      f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                      f"<title>{_e(title)}</title><style>{CSS}</style></head><body>\n")
            out.write(summary.html(title))
            shutil.copyfileobj(body, out)
            out.write(f"</main><script>{JS % PAGE_SIZE}</script></body></html>\n")
    return summary.documents


def render_html(items, *, title="spasmtext report"):
    """The report of ``items`` (``(record, text)`` pairs) as a string."""
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/report.html"
        write_report(items, path, title=title)
        with open(path, encoding="utf8") as handle:
            return handle.read()
