// Entity network of /api/network, laid out by a small force simulation (repulsion, springs, gravity) that runs
// once before drawing. Names are set as textContent; each node links to its entity page.
"use strict";
(function () {
  var svg = document.getElementById("network");
  if (!svg) return;
  var NS = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  // Fruchterman-Reingold: repulsion k²/d between all pairs, attraction d²/k along edges, a pull to the centre
  // that keeps unlinked groups on screen, and a step size that cools down.
  function layout(nodes, edges, w, h) {
    // Small graphs get more room per node (they would huddle in the middle); large ones keep it tight so
    // the repulsion does not push most nodes against the edges.
    var n = nodes.length, spread = 0.45 + 0.35 * Math.min(1, 30 / Math.max(n, 1));
    var k = Math.sqrt(w * h / Math.max(n, 1)) * spread, steps = 300;
    nodes.forEach(function (d, i) {  // start on a circle: deterministic, no overlaps
      var a = 2 * Math.PI * i / n;
      d.x = w / 2 + Math.cos(a) * w / 4; d.y = h / 2 + Math.sin(a) * h / 4;
    });
    var byId = {};
    nodes.forEach(function (d) { byId[d.id] = d; });
    for (var step = 0; step < steps; step++) {
      var temp = (w / 8) * (1 - step / steps) + 0.5;
      nodes.forEach(function (d) { d.dx = (w / 2 - d.x) * 0.03; d.dy = (h / 2 - d.y) * 0.03; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var a = nodes[i], b = nodes[j], dx = a.x - b.x, dy = a.y - b.y;
          var dist = Math.sqrt(dx * dx + dy * dy) + 0.01, f = k * k / dist / dist;
          a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
        }
      }
      edges.forEach(function (e) {
        var a = byId[e.source], b = byId[e.target];
        if (!a || !b) return;
        var dx = a.x - b.x, dy = a.y - b.y, dist = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var f = dist / k * Math.sqrt(Math.min(e.weight, 9));
        a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
      });
      nodes.forEach(function (d) {
        var len = Math.sqrt(d.dx * d.dx + d.dy * d.dy) + 0.01, move = Math.min(len, temp);
        d.x = Math.max(30, Math.min(w - 120, d.x + d.dx / len * move));
        d.y = Math.max(20, Math.min(h - 20, d.y + d.dy / len * move));
      });
    }
    return byId;
  }

  fetch(svg.dataset.api).then(function (r) { return r.json(); }).then(function (data) {
    var w = svg.clientWidth || 900, h = svg.clientHeight || 560;
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    var byId = layout(data.nodes, data.edges, w, h);
    var lines = el("g", {}, svg), dots = el("g", {}, svg);
    data.edges.forEach(function (e) {
      var a = byId[e.source], b = byId[e.target];
      if (!a || !b) return;
      var line = el("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, "stroke-width": Math.min(1 + Math.log(e.weight) * 1.5, 8) }, lines);
      el("title", {}, line).textContent = a.label + " — " + b.label + ": " + e.weight + " events";
    });
    data.nodes.forEach(function (d) {
      var link = el("a", { href: "/entities/" + encodeURIComponent(d.id), "class": "node" }, dots);
      el("circle", { cx: d.x, cy: d.y, r: 4 + Math.min(Math.sqrt(d.events) * 2, 12), "class": "t-" + d.type }, link);
      el("text", { x: d.x + 8, y: d.y + 4 }, link).textContent = d.label;
      el("title", {}, link).textContent = d.label + " (" + d.type + "), " + d.events + " events";
    });
    svg.dataset.drawn = String(data.nodes.length);
  });
})();
