// argmap's web viewer: draws the map from the JSON block and lets a reader explore it.
// Every piece of the map's text reaches the page through textContent or an attribute value, never
// as markup. The page makes no network request (its Content Security Policy forbids them).
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var labels = data.labels;

  // -- the map as the script sees it ----------------------------------------------------------
  var cards = data.cards;
  var byId = Object.create(null);
  cards.forEach(function (c) { byId[c.id] = c; c.answers = []; c.answered = []; });
  data.relations.forEach(function (r) {
    if (byId[r.from] && byId[r.to]) {
      byId[r.to].answers.push(r);     // cards that answer this one
      byId[r.from].answered.push(r);  // cards this one answers
    }
  });
  var collapsed = new Set(data.collapsed);
  var kindShown = { position: true, argument: true, rebuttal: true, evidence: true };
  var sideShown = { "for": true, against: true };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null && text !== "") node.textContent = text;
    return node;
  }
  function headline(c) { return c.tag || c.text || c.quote || c.id; }
  function accessibleName(c) {
    var parts = [labels.kinds[c.kind], labels.sides[c.side]];
    if (c.tag) parts.push(c.tag);
    if (c.text) parts.push(c.text);
    if (c.quote && !c.tag && !c.text) parts.push(c.quote);
    return parts.join(": ");
  }

  // -- which cards show -----------------------------------------------------------------------
  // A card is hidden by collapse when every way from it to a card answering nothing passes a
  // collapsed card (the editor's rule); filters hide cards by kind and side.
  function hiddenByCollapse() {
    var hidden = new Set();
    if (!collapsed.size) return hidden;
    var under = new Set();
    var queue = [];
    collapsed.forEach(function (id) {
      if (!byId[id]) return;
      byId[id].answers.forEach(function (r) { if (!under.has(r.from)) { under.add(r.from); queue.push(r.from); } });
    });
    while (queue.length) {
      byId[queue.shift()].answers.forEach(function (r) {
        if (!under.has(r.from)) { under.add(r.from); queue.push(r.from); }
      });
    }
    var seen = new Set();
    queue = [];
    cards.forEach(function (c) {
      if (!under.has(c.id)) { seen.add(c.id); if (!collapsed.has(c.id)) queue.push(c.id); }
    });
    while (queue.length) {
      byId[queue.shift()].answers.forEach(function (r) {
        if (!seen.has(r.from)) { seen.add(r.from); if (!collapsed.has(r.from)) queue.push(r.from); }
      });
    }
    under.forEach(function (id) { if (!seen.has(id)) hidden.add(id); });
    return hidden;
  }
  var hidden = new Set();
  function isShown(c) {
    return !hidden.has(c.id) && kindShown[c.kind] && sideShown[c.side];
  }

  // -- drawing ----------------------------------------------------------------------------------
  var world = document.getElementById("world");
  var viewport = document.getElementById("viewport");
  var cardLayer = document.getElementById("card-layer");
  var edgeLayer = document.getElementById("edge-layer");
  var svg = document.getElementById("edges");
  var bounds = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  cards.forEach(function (c) {
    bounds.x0 = Math.min(bounds.x0, c.x); bounds.y0 = Math.min(bounds.y0, c.y);
    bounds.x1 = Math.max(bounds.x1, c.x + c.w); bounds.y1 = Math.max(bounds.y1, c.y + c.h);
  });
  if (!cards.length) bounds = { x0: 0, y0: 0, x1: 400, y1: 200 };
  var PAD = 40;
  var ox = bounds.x0 - PAD, oy = bounds.y0 - PAD;
  var worldW = bounds.x1 - bounds.x0 + 2 * PAD, worldH = bounds.y1 - bounds.y0 + 2 * PAD;
  world.style.width = worldW + "px";
  world.style.height = worldH + "px";
  svg.setAttribute("width", worldW);
  svg.setAttribute("height", worldH);
  svg.setAttribute("viewBox", "0 0 " + worldW + " " + worldH);

  function section(node, cls, text, lines) {
    if (!text) return;
    node.appendChild(el("div", cls + (lines ? " clamp l" + lines : ""), text));
  }

  // A quote as it was cut: underlined, emphasized and highlighted words; with a highlight, the words
  // not read aloud are small (Verbatim's shrink), as on argmap's own cards.
  function quoteNode(c, cls, tag) {
    var q = el(tag || "div", cls);
    var highlighted = (c.runs || []).some(function (r) { return r[1].indexOf("h") >= 0; });
    (c.runs || [[c.quote, ""]]).forEach(function (run) {
      var styles = run[1];
      var marks = [styles.indexOf("u") >= 0 ? "u" : "", styles.indexOf("e") >= 0 ? "em" : "",
        highlighted && styles.indexOf("h") < 0 ? "shrunk" : ""].filter(Boolean).join(" ");
      var node = styles.indexOf("h") >= 0 ? el("mark", marks || null, run[0])
        : (marks ? el("span", marks, run[0]) : document.createTextNode(run[0]));
      q.appendChild(node);
    });
    return q;
  }

  cards.forEach(function (c) {
    var node = el("div", "card kind-" + c.kind + " side-" + c.side);
    node.id = "card-" + cards.indexOf(c);
    node.dataset.id = c.id;
    node.setAttribute("role", "button");
    node.tabIndex = 0;
    node.setAttribute("aria-label", accessibleName(c));
    node.style.left = (c.x - ox) + "px";
    node.style.top = (c.y - oy) + "px";
    node.style.width = c.w + "px";
    node.style.height = c.h + "px";
    var label = el("div", "label");
    label.appendChild(el("span", "kind", labels.kinds[c.kind].toUpperCase()));
    label.appendChild(el("span", "side", labels.sides[c.side]));
    if (c.speech) label.appendChild(el("span", "speech", c.speech));
    node.appendChild(label);
    var body = el("div", "body");
    // argmap's layout sizes each card for its whole tag, text, cite and quote: nothing is cut.
    section(body, "tag", c.tag, 0);
    section(body, "text", c.text, 0);
    section(body, "cite", c.cite, 0);
    if (c.quote) body.appendChild(quoteNode(c, "quote"));
    node.appendChild(body);
    if (c.answers.length) {
      var toggle = el("button", data.direction === "LR" ? "toggle lr" : "toggle");
      toggle.type = "button";
      toggle.tabIndex = -1;  // the card itself takes the keys (Space or "-" and "+"): one Tab stop a card
      node.appendChild(toggle);
      toggle.addEventListener("click", function (ev) { ev.stopPropagation(); toggleCollapse(c.id); });
      c.toggle = toggle;
    }
    node.addEventListener("click", function () { openDetails(c.id); });
    node.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); openDetails(c.id); }
      else if (ev.key === " " && c.answers.length) { ev.preventDefault(); toggleCollapse(c.id); }
    });
    node.addEventListener("focus", function () { ensureVisible(c); });
    c.node = node;
    cardLayer.appendChild(node);
  });

  // A relation runs from the answering card to the card it answers: out of the answer's near edge,
  // into the answered card's facing edge, with a T-bar for a rebuttal and an arrowhead for support.
  function endpoints(a, b) {
    var ac = { x: a.x + a.w / 2, y: a.y + a.h / 2 }, bc = { x: b.x + b.w / 2, y: b.y + b.h / 2 };
    var vertical = data.direction !== "LR";
    var dy = bc.y - ac.y, dx = bc.x - ac.x;
    if (vertical && Math.abs(dy) >= Math.min(a.h, b.h) / 2) {
      var down = dy > 0;
      return { s: { x: ac.x, y: down ? a.y + a.h : a.y }, t: { x: bc.x, y: down ? b.y : b.y + b.h }, v: true };
    }
    var right = dx > 0;
    return { s: { x: right ? a.x + a.w : a.x, y: ac.y }, t: { x: right ? b.x : b.x + b.w, y: bc.y }, v: false };
  }
  data.relations.forEach(function (r) {
    var a = byId[r.from], b = byId[r.to];
    if (!a || !b) return;
    var d;
    if (r.points && r.points.length >= 2) {
      // argmap's own route (the same as in the images): a polyline through the gaps between cards.
      d = r.points.map(function (p, i) { return (i ? "L" : "M") + (p[0] - ox) + "," + (p[1] - oy); }).join(" ");
      r.path = addEdge(d, r);
      return;
    }
    var e = endpoints(a, b);
    var sx = e.s.x - ox, sy = e.s.y - oy, tx = e.t.x - ox, ty = e.t.y - oy;
    if (e.v) {
      var my = (sy + ty) / 2;
      d = "M" + sx + "," + sy + " C" + sx + "," + my + " " + tx + "," + my + " " + tx + "," + ty;
    } else {
      var mx = (sx + tx) / 2;
      d = "M" + sx + "," + sy + " C" + mx + "," + sy + " " + mx + "," + ty + " " + tx + "," + ty;
    }
    r.path = addEdge(d, r);
  });
  function addEdge(d, r) {
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    path.setAttribute("class", "edge " + r.type);
    path.setAttribute("marker-end", "url(#head-" + r.type + ")");
    edgeLayer.appendChild(path);
    return path;
  }

  // -- showing what is shown --------------------------------------------------------------------
  function countUnder(c) {
    // How many cards expanding this one would bring back (hidden cards reachable through hidden ones).
    var seen = new Set(), queue = [c.id];
    while (queue.length) {
      byId[queue.shift()].answers.forEach(function (r) {
        if (hidden.has(r.from) && !seen.has(r.from)) { seen.add(r.from); queue.push(r.from); }
      });
    }
    seen.delete(c.id);
    return seen.size;
  }
  function refresh() {
    hidden = hiddenByCollapse();
    cards.forEach(function (c) {
      c.node.hidden = !isShown(c);
      if (c.toggle) {
        var closed = collapsed.has(c.id);
        c.toggle.setAttribute("aria-expanded", closed ? "false" : "true");
        var n = closed ? countUnder(c) : c.answers.length;
        c.toggle.textContent = closed ? "+" + n : "\u2212";
        var what = n === 1 ? "answer" : "answers";
        c.toggle.setAttribute("aria-label", (closed ? "Expand, " + n + " hidden " : "Collapse " + n + " ") + what);
        c.toggle.title = closed ? "Show the " + n + " hidden " + what : "Hide what answers this card";
        c.node.setAttribute("aria-expanded", closed ? "false" : "true");
      }
    });
    data.relations.forEach(function (r) {
      if (r.path) r.path.style.display = isShown(byId[r.from]) && isShown(byId[r.to]) ? "" : "none";
    });
    buildOutline();
    runSearch(false);
  }
  function toggleCollapse(id) {
    if (collapsed.has(id)) collapsed.delete(id); else collapsed.add(id);
    refresh();
  }
  function reveal(id) {
    // Expand every collapsed card between this card and the cards answering nothing, lift filters on it.
    var seen = new Set([id]), queue = [id];
    while (queue.length) {
      byId[queue.shift()].answered.forEach(function (r) {
        if (!seen.has(r.to)) { seen.add(r.to); queue.push(r.to); collapsed.delete(r.to); }
      });
    }
    var c = byId[id];
    if (!kindShown[c.kind]) setFilter("kind", c.kind, true);
    if (!sideShown[c.side]) setFilter("side", c.side, true);
    refresh();
  }

  // -- pan and zoom -----------------------------------------------------------------------------
  var view = { x: 0, y: 0, k: 1 };
  var MIN_K = 0.05, MAX_K = 4;
  function apply() {
    world.style.transform = "translate(" + view.x + "px," + view.y + "px) scale(" + view.k + ")";
  }
  function zoomAt(factor, px, py) {
    var k = Math.max(MIN_K, Math.min(MAX_K, view.k * factor));
    view.x = px - (px - view.x) * (k / view.k);
    view.y = py - (py - view.y) * (k / view.k);
    view.k = k;
    apply();
  }
  // The first view: the whole map when its tags stay readable (about 9 px and up, zoom 0.65);
  // otherwise the top of the map at that zoom, centred on the first position.
  var READABLE = 0.65;
  function fit() {
    var w = viewport.clientWidth || 800, h = viewport.clientHeight || 600;
    var whole = Math.min(1, w / worldW, h / worldH);
    if (whole >= READABLE || !cards.length) { fitAll(); return; }
    view.k = READABLE;
    var first = cards.find(function (c) { return c.kind === "position" && isShown(c); }) || cards[0];
    var cx = (first.x - ox + first.w / 2) * view.k;
    view.x = Math.min(0, Math.max(w - worldW * view.k, w / 2 - cx));
    view.y = Math.min(0, 16 - (first.y - oy) * view.k + PAD * view.k);
    apply();
  }
  function fitAll() {
    var w = viewport.clientWidth || 800, h = viewport.clientHeight || 600;
    view.k = Math.max(MIN_K, Math.min(1, Math.min(w / worldW, h / worldH)));
    view.x = (w - worldW * view.k) / 2;
    view.y = (h - worldH * view.k) / 2;
    apply();
  }
  function centreOn(c) {
    var w = viewport.clientWidth, h = viewport.clientHeight;
    if (view.k < 0.6) view.k = 0.8;
    view.x = w / 2 - (c.x - ox + c.w / 2) * view.k;
    view.y = h / 2 - (c.y - oy + c.h / 2) * view.k;
    apply();
  }
  function ensureVisible(c) {
    var w = viewport.clientWidth, h = viewport.clientHeight;
    if (!w || !h) return;
    var left = (c.x - ox) * view.k + view.x, top = (c.y - oy) * view.k + view.y;
    var right = left + c.w * view.k, bottom = top + c.h * view.k;
    if (left < 0 || top < 0 || right > w || bottom > h) centreOn(c);
    // Focus scrolled the viewport's box to show the card; the transform does that job instead.
    viewport.scrollLeft = 0; viewport.scrollTop = 0;
  }

  var pointers = new Map();
  var pinch = null, drag = null;
  viewport.addEventListener("pointerdown", function (ev) {
    if (ev.target.closest && ev.target.closest("button")) return;
    pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
    if (pointers.size === 2) {
      var p = Array.from(pointers.values());
      pinch = { d: Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y), k: view.k };
      drag = null;
    } else if (pointers.size === 1 && !(ev.target.closest && ev.target.closest(".card") && ev.pointerType === "mouse")) {
      drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false };
    }
  });
  viewport.addEventListener("pointermove", function (ev) {
    if (!pointers.has(ev.pointerId)) return;
    pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
    if (pinch && pointers.size === 2) {
      var p = Array.from(pointers.values());
      var d = Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
      var rect = viewport.getBoundingClientRect();
      zoomAt((pinch.k * d) / pinch.d / view.k, (p[0].x + p[1].x) / 2 - rect.left, (p[0].y + p[1].y) / 2 - rect.top);
    } else if (drag) {
      var mx = ev.clientX - drag.x, my = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(mx) + Math.abs(my) > 4) {
        drag.moved = true;
        viewport.classList.add("panning");
        viewport.setPointerCapture(ev.pointerId);
      }
      if (drag.moved) { view.x = drag.vx + mx; view.y = drag.vy + my; apply(); }
    }
  });
  function endPointer(ev) {
    pointers.delete(ev.pointerId);
    if (pointers.size < 2) pinch = null;
    if (drag && drag.moved) {
      // A drag that moved is a pan, not a click on the card it started on.
      var swallow = function (e) { e.stopPropagation(); e.preventDefault(); };
      window.addEventListener("click", swallow, { capture: true, once: true });
      setTimeout(function () { window.removeEventListener("click", swallow, { capture: true }); }, 0);
    }
    drag = null;
    viewport.classList.remove("panning");
  }
  viewport.addEventListener("pointerup", endPointer);
  viewport.addEventListener("pointercancel", endPointer);
  viewport.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var rect = viewport.getBoundingClientRect();
    if (ev.ctrlKey || Math.abs(ev.deltaY) >= Math.abs(ev.deltaX)) {
      zoomAt(Math.pow(1.0015, -ev.deltaY * (ev.deltaMode === 1 ? 16 : 1)), ev.clientX - rect.left, ev.clientY - rect.top);
    } else {
      view.x -= ev.deltaX; apply();
    }
  }, { passive: false });
  viewport.addEventListener("keydown", function (ev) {
    if (ev.target !== viewport) return;
    var step = 60;
    var keys = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (keys[ev.key]) { view.x += keys[ev.key][0]; view.y += keys[ev.key][1]; apply(); ev.preventDefault(); }
  });
  function zoomCentre(f) { zoomAt(f, viewport.clientWidth / 2, viewport.clientHeight / 2); }
  document.getElementById("zoom-in").addEventListener("click", function () { zoomCentre(1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomCentre(0.8); });
  document.getElementById("zoom-fit").addEventListener("click", fitAll);

  // -- search -----------------------------------------------------------------------------------
  var searchBox = document.getElementById("search");
  var countLine = document.getElementById("search-count");
  var matches = [], current = -1;
  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  cards.forEach(function (c) {
    c.haystack = fold([c.tag, c.text, c.quote, c.cite, c.notes, c.speech].join("\n"));
  });
  function runSearch(step) {
    var q = fold(searchBox.value.trim());
    var before = current >= 0 && matches[current] ? matches[current].id : null;
    cards.forEach(function (c) { c.node.classList.remove("match", "current", "dim"); });
    data.relations.forEach(function (r) { if (r.path) r.path.classList.remove("dim"); });
    if (!q) { matches = []; current = -1; countLine.textContent = ""; return; }
    var words = q.split(/\s+/);
    matches = cards.filter(function (c) {
      return words.every(function (w) { return c.haystack.indexOf(w) >= 0; });
    });
    var matched = new Set(matches.map(function (c) { return c.id; }));
    cards.forEach(function (c) { c.node.classList.add(matched.has(c.id) ? "match" : "dim"); });
    data.relations.forEach(function (r) { if (r.path) r.path.classList.add("dim"); });
    current = before ? matches.findIndex(function (c) { return c.id === before; }) : -1;
    if (!matches.length) { countLine.textContent = "no match"; return; }
    if (step) stepMatch(step === true ? 1 : step);
    else countLine.textContent = (current >= 0 ? current + 1 + " of " : "") + matches.length + (matches.length === 1 ? " match" : " matches");
  }
  function stepMatch(delta) {
    if (!matches.length) return;
    current = current < 0 ? (delta > 0 ? 0 : matches.length - 1) : (current + delta + matches.length) % matches.length;
    var c = matches[current];
    if (!isShown(c)) reveal(c.id);
    cards.forEach(function (x) { x.node.classList.remove("current"); });
    c.node.classList.add("current");
    countLine.textContent = current + 1 + " of " + matches.length + (matches.length === 1 ? " match" : " matches");
    if (document.body.classList.contains("outline-view") || getComputedStyle(document.getElementById("stage")).display === "none") {
      var row = document.querySelector('#outline [data-id="' + CSS.escape(c.id) + '"]');
      if (row) row.scrollIntoView({ block: "center" });
    } else {
      centreOn(c);
    }
  }
  searchBox.addEventListener("input", function () { current = -1; runSearch(false); });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); stepMatch(ev.shiftKey ? -1 : 1); }
    else if (ev.key === "Escape") { searchBox.value = ""; runSearch(false); }
  });
  document.getElementById("search-next").addEventListener("click", function () { stepMatch(1); });
  document.getElementById("search-prev").addEventListener("click", function () { stepMatch(-1); });

  // -- filters --------------------------------------------------------------------------------
  var filterBoxes = { kind: {}, side: {} };
  function addFilter(group, key, text, table) {
    var label = el("label", "check");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.filter = group + ":" + key;
    box.addEventListener("change", function () { table[key] = box.checked; refresh(); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(text));
    document.getElementById(group + "-filters").appendChild(label);
    filterBoxes[group][key] = box;
  }
  function setFilter(group, key, on) {
    (group === "kind" ? kindShown : sideShown)[key] = on;
    filterBoxes[group][key].checked = on;
  }
  Object.keys(sideShown).forEach(function (s) { addFilter("side", s, labels.sides[s], sideShown); });
  Object.keys(kindShown).forEach(function (k) { addFilter("kind", k, labels.kinds[k], kindShown); });

  document.getElementById("expand-all").addEventListener("click", function () { collapsed.clear(); refresh(); });
  document.getElementById("collapse-all").addEventListener("click", function () {
    cards.forEach(function (c) { if (c.kind === "position" && c.answers.length) collapsed.add(c.id); });
    refresh();
  });

  // -- details ----------------------------------------------------------------------------------
  var details = document.getElementById("details");
  var detailsBody = document.getElementById("details-body");
  var opener = null;
  function cardLink(id, prefix) {
    var li = el("li");
    if (prefix) li.appendChild(document.createTextNode(prefix + " "));
    var b = el("button", null, headline(byId[id]));
    b.type = "button";
    b.addEventListener("click", function () { reveal(id); centreOn(byId[id]); openDetails(id); });
    li.appendChild(b);
    return li;
  }
  function openDetails(id) {
    var c = byId[id];
    opener = c.node;
    cards.forEach(function (x) { x.node.classList.toggle("selected", x.id === id); });
    document.getElementById("details-kind").textContent =
      [labels.kinds[c.kind].toUpperCase(), labels.sideNames[c.side].toUpperCase(), c.speech].filter(Boolean).join(" \u00b7 ");
    document.getElementById("details-tag").textContent = headline(c);
    detailsBody.replaceChildren();
    if (c.tag && c.text) detailsBody.appendChild(el("p", "text", c.text));
    if (c.cite) detailsBody.appendChild(el("p", "cite", c.cite));
    if (c.quote) {
      // The card as it was cut: underlined, emphasized and highlighted words; with a highlight, the
      // words not read aloud are small (Verbatim's shrink).
      detailsBody.appendChild(quoteNode(c, "quote", "blockquote"));
      if (c.readWords) detailsBody.appendChild(el("p", "read-count", c.readWords + " words read aloud"));
    }
    var src = c.source && data.sourceRecords[c.source];
    if (src) {
      detailsBody.appendChild(el("h3", null, "Source"));
      var p = el("p", "source", src.citation);
      detailsBody.appendChild(p);
      if (/^https?:\/\//i.test(src.url)) {
        var a = el("a", null, "Open the source");
        a.href = src.url;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        detailsBody.appendChild(a);
      }
    }
    if (c.notes) { detailsBody.appendChild(el("h3", null, "Notes")); detailsBody.appendChild(el("p", "notes", c.notes)); }
    if (c.answered.length) {
      detailsBody.appendChild(el("h3", null, "Answers"));
      var ul = el("ul");
      c.answered.forEach(function (r) { ul.appendChild(cardLink(r.to, r.type === "rebuts" ? "rebuts" : "supports")); });
      detailsBody.appendChild(ul);
    }
    if (c.answers.length) {
      detailsBody.appendChild(el("h3", null, "Answered by"));
      var ul2 = el("ul");
      c.answers.forEach(function (r) { ul2.appendChild(cardLink(r.from, r.type === "rebuts" ? "rebutted by" : "supported by")); });
      detailsBody.appendChild(ul2);
    }
    details.hidden = false;
    document.getElementById("details-close").focus({ preventScroll: true });
  }
  function closeDetails() {
    details.hidden = true;
    cards.forEach(function (x) { x.node.classList.remove("selected"); });
    if (opener && !opener.hidden) opener.focus({ preventScroll: true });
  }
  document.getElementById("details-close").addEventListener("click", closeDetails);

  // -- outline (phones, the Outline button, and print) ------------------------------------------
  var outlineList = document.getElementById("outline-list");
  function buildOutline() {
    outlineList.replaceChildren();
    var placed = new Set();
    function item(c, rel) {
      var li = el("li");
      li.dataset.id = c.id;
      var row = el("div", "row");
      if (rel) row.appendChild(el("span", "rel " + rel.type, rel.type === "rebuts" ? "rebuts" : "supports"));
      row.appendChild(el("span", "side-chip side-" + c.side, labels.sides[c.side]));
      var open = el("button", "open");
      open.type = "button";
      open.appendChild(el("span", "k", labels.kinds[c.kind]));
      open.appendChild(document.createTextNode(headline(c)));
      open.addEventListener("click", function () { openDetails(c.id); });
      row.appendChild(open);
      li.appendChild(row);
      if (placed.has(c.id)) {
        li.appendChild(el("div", "again", "(shown above)"));
        return li;
      }
      placed.add(c.id);
      var full = [c.tag ? c.text : "", c.quote ? "\u201c" + c.quote + "\u201d" : "", c.cite].filter(Boolean).join("\n");
      if (full) li.appendChild(el("div", "full", full));
      var kids = c.answers.filter(function (r) { return isShown(byId[r.from]); });
      if (kids.length) {
        var fold = el("button", "fold", collapsed.has(c.id) ? "+" + kids.length : "\u2212");
        fold.type = "button";
        fold.setAttribute("aria-expanded", collapsed.has(c.id) ? "false" : "true");
        fold.setAttribute("aria-label", (collapsed.has(c.id) ? "Expand " : "Collapse ") + kids.length + " answers");
        fold.addEventListener("click", function () { toggleCollapse(c.id); });
        row.insertBefore(fold, row.firstChild);
        if (!collapsed.has(c.id)) {
          var ul = el("ul");
          kids.forEach(function (r) { ul.appendChild(item(byId[r.from], r)); });
          li.appendChild(ul);
        }
      }
      return li;
    }
    var roots = cards.filter(function (c) { return isShown(c) && !c.answered.some(function (r) { return isShown(byId[r.to]); }); });
    roots.forEach(function (c) { outlineList.appendChild(item(c, null)); });
    // Cards reached by no walk from a root (cycles): listed last so none is missing.
    cards.forEach(function (c) { if (isShown(c) && !placed.has(c.id)) outlineList.appendChild(item(c, null)); });
  }
  var viewToggle = document.getElementById("view-toggle");
  viewToggle.addEventListener("click", function () {
    var narrow = window.matchMedia("(max-width: 640px)").matches;
    var outlineNow = document.body.classList.contains("outline-view") || (narrow && !document.body.classList.contains("map-view"));
    document.body.classList.toggle("outline-view", !outlineNow);
    document.body.classList.toggle("map-view", outlineNow);
    viewToggle.setAttribute("aria-pressed", outlineNow ? "false" : "true");
    viewToggle.textContent = outlineNow ? "Outline" : "Map";
    if (outlineNow) fit();
  });

  // -- title block and legend -------------------------------------------------------------------
  document.title = data.title || "argmap";
  document.getElementById("map-title").textContent = data.title;
  var sub = document.getElementById("map-subtitle");
  sub.textContent = data.subtitle;
  sub.hidden = !data.subtitle;
  // A map quoting many sources lists three and folds the rest, so the map keeps the screen.
  var sourcesList = document.getElementById("map-sources");
  data.sources.slice(0, 3).forEach(function (line) { sourcesList.appendChild(el("li", null, line)); });
  if (data.sources.length > 3) {
    var more = el("details", "more-sources");
    more.appendChild(el("summary", null, (data.sources.length - 3) + " more sources"));
    var rest = el("ul");
    data.sources.slice(3).forEach(function (line) { rest.appendChild(el("li", null, line)); });
    more.appendChild(rest);
    var holder = el("li");
    holder.appendChild(more);
    sourcesList.appendChild(holder);
  }
  document.getElementById("map-made").textContent = data.made;

  var legend = document.getElementById("legend");
  if (data.legend) {
    legend.appendChild(el("h2", null, "Legend"));
    var ul = el("ul");
    ["for", "against"].forEach(function (s) {
      var li = el("li");
      li.appendChild(el("span", "swatch side-" + s));
      li.appendChild(document.createTextNode(labels.sides[s] + " (" + labels.sideNames[s].toLowerCase() + ")"));
      ul.appendChild(li);
    });
    ["position", "argument", "rebuttal", "evidence"].forEach(function (k) {
      var li = el("li");
      li.appendChild(el("span", "swatch kind-" + k));
      li.appendChild(document.createTextNode(labels.kinds[k]));
      ul.appendChild(li);
    });
    ["supports", "rebuts"].forEach(function (t) {
      var li = el("li");
      var icon = document.createElementNS(SVG, "svg");
      icon.setAttribute("viewBox", "0 0 26 14");
      var line = document.createElementNS(SVG, "path");
      line.setAttribute("d", "M1,7 L22,7");
      line.setAttribute("class", "edge " + t);
      line.setAttribute("marker-end", "url(#head-" + t + ")");
      icon.appendChild(line);
      li.appendChild(icon);
      li.appendChild(document.createTextNode(t === "rebuts" ? "rebuts (attacks)" : "supports"));
      ul.appendChild(li);
    });
    legend.appendChild(ul);
  } else {
    legend.hidden = true;
  }

  // -- keys for the whole page ------------------------------------------------------------------
  document.addEventListener("keydown", function (ev) {
    var typing = ev.target && (ev.target.tagName === "INPUT" || ev.target.tagName === "TEXTAREA");
    if (ev.key === "Escape" && !details.hidden) { closeDetails(); return; }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "/") { ev.preventDefault(); searchBox.focus(); searchBox.select(); }
    else if (ev.key === "+" || ev.key === "=") { zoomCentre(1.25); }
    else if (ev.key === "-") { zoomCentre(0.8); }
    else if (ev.key === "0") { fitAll(); }
  });
  window.addEventListener("beforeprint", fitAll);

  refresh();
  fit();
  document.body.dataset.ready = "true";
})();
