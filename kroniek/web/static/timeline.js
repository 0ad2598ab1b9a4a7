// Zoomable SVG timeline of /api/timeline. Events known to the day are dots; events known only to the month or
// year are bars spanning that period, so precision is visible. Article text is only ever set as textContent.
"use strict";
(function () {
  var svg = document.getElementById("timeline");
  if (!svg) return;
  var NS = "http://www.w3.org/2000/svg";
  var DAY = 86400000;
  var items = [], full = null, focus = null, view = null, selected = null;

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  // [start, end) in ms of an ISO date truncated to its precision
  function period(date, precision) {
    var neg = date.charAt(0) === "-";
    var p = (neg ? date.slice(1) : date).split("-").map(Number);
    var y = neg ? -p[0] : p[0];
    var t = function (yy, mm, dd) { var d = new Date(Date.UTC(2000, mm, dd)); d.setUTCFullYear(yy); return d.getTime(); };
    if (precision === "decade") { var y0 = y - ((y % 10) + 10) % 10; return [t(y0, 0, 1), t(y0 + 10, 0, 1)]; }
    if (p.length >= 3 && precision !== "month" && precision !== "year") return [t(y, p[1] - 1, p[2]), t(y, p[1] - 1, p[2] + 1)];
    if (p.length >= 2 && precision !== "year") return [t(y, p[1] - 1, 1), t(y, p[1], 1)];
    return [t(y, 0, 1), t(y + 1, 0, 1)];
  }

  function width() { return svg.clientWidth || 800; }
  function right() { return Math.min(200, width() * 0.3); }  // room for the labels of the latest events
  function x(ms) { return 10 + (ms - view[0]) / (view[1] - view[0]) * (width() - 10 - right()); }

  function ticks() {
    var span = (view[1] - view[0]) / DAY, out = [], d = new Date(view[0]);
    var unit = span > 1100 ? "year" : span > 75 ? "month" : "day";
    var step = unit === "year" ? Math.max(1, Math.ceil(span / 365 / 10)) : unit === "month" ? Math.max(1, Math.ceil(span / 30 / 12)) : Math.max(1, Math.ceil(span / 12));
    var c = new Date(Date.UTC(d.getUTCFullYear(), unit === "year" ? 0 : d.getUTCMonth(), unit === "day" ? d.getUTCDate() : 1));
    while (c.getTime() <= view[1] && out.length < 60) {
      if (c.getTime() >= view[0]) {
        var iso = c.toISOString().slice(0, 10);
        out.push([c.getTime(), unit === "year" ? iso.slice(0, 4) : unit === "month" ? iso.slice(0, 7) : iso]);
      }
      if (unit === "year") c.setUTCFullYear(c.getUTCFullYear() + step);
      else if (unit === "month") c.setUTCMonth(c.getUTCMonth() + step);
      else c.setUTCDate(c.getUTCDate() + step);
    }
    return out;
  }

  // Greedy lanes: each item goes in the first row where it does not overlap the previous one (with its label).
  function place(withLabels) {
    var lanesEnd = [], placed = [];
    items.forEach(function (it, i) {
      var x0 = x(it.span[0]), x1 = x(it.span[1]);
      var point = it.date_precision === "day";
      var a = point ? x((it.span[0] + it.span[1]) / 2) - 7 : x0, b = point ? a + 14 : Math.max(x1, x0 + 6);
      if (b < -20 || a > width() + 20) return;
      var end = withLabels ? b + 6 + Math.min(it.summary.length, 40) * 6.5 : b;
      var lane = 0;
      while (lane < lanesEnd.length && lanesEnd[lane] > a - 3) lane++;
      if (lane >= 40) lane = 39;
      lanesEnd[lane] = end;
      placed.push([it, i, a, b, lane, point]);
    });
    return [placed, Math.max(lanesEnd.length, 1)];
  }

  function label(text) { return text.length > 40 ? text.slice(0, 39) + "…" : text; }

  function draw() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var axis = el("g", { "class": "axis" }, svg);
    var withLabels = true, result = place(true);
    if (result[1] > 12) { withLabels = false; result = place(false); }
    var placed = result[0], lanes = result[1];
    var height = Math.max(160, 40 + lanes * 22);
    svg.setAttribute("height", height);
    svg.style.height = height + "px";
    ticks().forEach(function (t) {
      var tx = x(t[0]);
      el("line", { x1: tx, x2: tx, y1: 0, y2: height - 18 }, axis);
      el("text", { x: tx + 3, y: height - 5 }, axis).textContent = t[1];
    });
    placed.forEach(function (p) {
      var it = p[0], y = 16 + p[4] * 22;
      var cls = "ev" + (it.key ? " key" : "") + (it.conflicts.length ? " conflicted" : "") + (selected === p[1] ? " sel" : "");
      var g = el("g", { "class": cls, tabindex: "0", "data-index": p[1], role: "button" }, svg);
      if (p[5]) el("circle", { cx: (p[2] + p[3]) / 2, cy: y, r: it.key ? 7 : 5.5, "class": "s-" + it.status }, g);
      else el("rect", { x: p[2], y: y - 6, width: p[3] - p[2], height: 12, rx: 4, "class": "s-" + it.status }, g);
      if (it.conflicts.length) el("text", { x: p[3] + 1, y: y - 4, "class": "flag" }, g).textContent = "⚠";
      if (withLabels) el("text", { x: p[3] + (it.conflicts.length ? 12 : 5), y: y + 4, "class": "label" }, g).textContent = label(it.summary);
      el("title", {}, g).textContent = it.date + " (" + it.date_precision + ", " + it.status + ") " + it.summary;
      g.addEventListener("click", function () { open(p[1]); });
      g.addEventListener("keydown", function (e) { if (e.key === "Enter") open(p[1]); });
    });
    svg.dataset.drawn = String(placed.length);
  }

  function open(i) {
    var it = items[i];
    selected = i;
    draw();
    var panel = document.getElementById("sources");
    document.getElementById("sources-title").textContent = it.summary;
    var meta = it.date + " · " + it.date_precision + " · " + it.status;
    if (it.participant_names && it.participant_names.length) meta += " · " + it.participant_names.join(", ");
    if (it.conflicts.length) meta += " · ⚠ sources disagree";
    document.getElementById("sources-meta").textContent = meta;
    var list = document.getElementById("sources-list");
    while (list.firstChild) list.removeChild(list.firstChild);
    panel.hidden = false;
    if (it.sources) { cite(it.sources, list); return; }
    // The chart's data leaves an event's sources out (they are most of its size): fetched when it is opened.
    fetch("/api/events/" + encodeURIComponent(it.id)).then(function (r) { return r.json(); }).then(function (ev) {
      it.sources = ev.sources || [];
      if (selected === i) cite(it.sources, list);
    });
  }

  function cite(sources, list) {
    sources.forEach(function (s) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/documents/" + encodeURIComponent(s.doc) + "?hl=" + s.start + "-" + s.end + "#focus";
      a.textContent = s.label || s.doc.slice(0, 12);
      a.title = s.text || "";  // the cited sentence on hover
      a.className = "source-link";
      var q = document.createElement("q");
      q.textContent = s.text;
      li.appendChild(a);
      li.appendChild(q);
      list.appendChild(li);
    });
  }

  function zoom(factor, at) {
    var centre = at === undefined ? (view[0] + view[1]) / 2 : at;
    var lo = centre - (centre - view[0]) * factor, hi = centre + (view[1] - centre) * factor;
    if (hi - lo < DAY * 2) return;
    var pad = (full[1] - full[0]) * 2;
    view = [Math.max(lo, full[0] - pad), Math.min(hi, full[1] + pad)];
    draw();
  }

  function msAt(clientX) {
    var r = svg.getBoundingClientRect();
    return view[0] + (clientX - r.left - 10) / (r.width - 10 - right()) * (view[1] - view[0]);
  }

  svg.addEventListener("wheel", function (e) { e.preventDefault(); zoom(e.deltaY > 0 ? 1.25 : 0.8, msAt(e.clientX)); },
                       { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (e) { if (e.target === svg || e.target.closest(".axis")) drag = [e.clientX, view.slice()]; });
  window.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var shift = (e.clientX - drag[0]) / (svg.clientWidth - 10 - right()) * (drag[1][1] - drag[1][0]);
    view = [drag[1][0] - shift, drag[1][1] - shift];
    draw();
  });
  window.addEventListener("pointerup", function () { drag = null; });
  window.addEventListener("resize", function () { if (view) draw(); });
  document.getElementById("tl-in").addEventListener("click", function () { zoom(0.5); });
  document.getElementById("tl-out").addEventListener("click", function () { zoom(2); });
  document.getElementById("tl-reset").addEventListener("click", function () { view = focus.slice(); draw(); });
  var all = document.getElementById("tl-all");
  if (all) all.addEventListener("click", function () { view = full.slice(); draw(); });
  function span(days) {  // a year or a month around the middle of what is shown
    var centre = (view[0] + view[1]) / 2;
    view = [centre - days * DAY / 2, centre + days * DAY / 2];
    draw();
  }
  document.getElementById("tl-year").addEventListener("click", function () { span(366); });
  document.getElementById("tl-month").addEventListener("click", function () { span(31); });
  document.getElementById("sources-close").addEventListener("click", function () {
    document.getElementById("sources").hidden = true; selected = null; draw();
  });

  fetch(svg.dataset.api).then(function (r) { return r.json(); }).then(function (data) {
    items = data.items.map(function (it) { it.span = period(it.date, it.date_precision); return it; });
    items.sort(function (a, b) { return a.span[0] - b.span[0] || (a.span[1] - a.span[0]) - (b.span[1] - b.span[0]); });
    if (!items.length) return;
    var lo = Math.min.apply(null, items.map(function (i) { return i.span[0]; }));
    var hi = Math.max.apply(null, items.map(function (i) { return i.span[1]; }));
    var pad = Math.max((hi - lo) * 0.04, DAY);
    full = [lo - pad, hi + pad];
    // Open on the dense range the server found (most events), so that a few outliers do not squeeze it.
    var f0 = svg.dataset.from, f1 = svg.dataset.to;
    if (f0 && f1) {
      var a = period(f0, "day")[0], b = period(f1, f1.length > 7 ? "day" : f1.length > 4 ? "month" : "year")[1];
      var fpad = Math.max((b - a) * 0.04, DAY);
      focus = [Math.max(a - fpad, full[0]), Math.min(b + fpad, full[1])];
    } else {
      focus = full.slice();
    }
    view = focus.slice();
    draw();
  });
})();
