// Where an element sits, for its fingerprint (issue 18): the nearest visible text above, below,
// left and right of it within 200 px (what a person reads next to it; looked for among the
// texts near it in document order), its box in page pixels, and its path from the root as
// [tag, index among same-tag siblings, id] steps. An expression: pasted into
// collect.js and the fingerprint script, so both take the same measure of an element.
(() => {
  const RADIUS = 200;  // px: a text further away is not the element's neighbour
  const NEAR = 12;  // texts looked at on each side of the element in document order
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"]);
  const range = document.createRange();
  const measured = new Map();  // text node -> {text, l, t, r, b} or null: one rect per node
  const measure = n => {
    if (measured.has(n)) return measured.get(n);
    const value = n.nodeValue.replace(/\s+/g, " ").trim();
    let out = null;
    if (value && n.parentElement && !SKIP.has(n.parentElement.tagName)) {
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) out = {text: value.slice(0, 80), l: r.left, t: r.top, r: r.right, b: r.bottom};
    }
    measured.set(n, out);
    return out;
  };
  // The texts near the element in document order (a page reads in that order, and what is
  // beside an element on screen is almost always beside it in the DOM): cheap on any page size.
  const nearTexts = el => {
    const out = [];
    const walker = document.createTreeWalker(el.getRootNode(), NodeFilter.SHOW_TEXT);
    walker.currentNode = el;
    for (let n = walker.previousNode(), k = 0; n && k < NEAR; n = walker.previousNode()) {
      const m = measure(n);
      if (m) { out.push(m); k++; }
    }
    walker.currentNode = el;
    let n = walker.nextNode();
    while (n && el.contains(n)) n = walker.nextNode();
    for (let k = 0; n && k < NEAR; n = walker.nextNode()) {
      const m = measure(n);
      if (m) { out.push(m); k++; }
    }
    return out;
  };
  const neighbours = (el, box) => {
    const best = {above: null, below: null, left: null, right: null};
    const gap = {above: RADIUS, below: RADIUS, left: RADIUS, right: RADIUS};
    for (const x of nearTexts(el)) {
      const overlapX = x.l < box.right && x.r > box.left;
      const overlapY = x.t < box.bottom && x.b > box.top;
      let side = null, d = 0;
      if (overlapX && x.b <= box.top + 2) { side = "above"; d = box.top - x.b; }
      else if (overlapX && x.t >= box.bottom - 2) { side = "below"; d = x.t - box.bottom; }
      else if (overlapY && x.r <= box.left + 2) { side = "left"; d = box.left - x.r; }
      else if (overlapY && x.l >= box.right - 2) { side = "right"; d = x.l - box.right; }
      if (side && d < gap[side]) { gap[side] = d; best[side] = x.text; }
    }
    return ["above", "below", "left", "right"].map(s => best[s]).filter(Boolean);
  };
  const path = el => {
    const steps = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      let index = 1;
      for (let s = e.previousElementSibling; s; s = s.previousElementSibling) if (s.localName === e.localName) index++;
      steps.push([e.localName, index, e.getAttribute("id") || ""]);
    }
    return steps.reverse();
  };
  return el => {
    const box = el.getBoundingClientRect();
    const shown = box.width > 0 && box.height > 0;
    return {
      neighbours: shown ? neighbours(el, box) : [],
      box: shown ? [box.left + scrollX, box.top + scrollY, box.width, box.height].map(Math.round) : [],
      path: path(el),
      classes: typeof el.className === "string" ? el.className.split(/\s+/).filter(Boolean).slice(0, 12) : [],
    };
  };
})()
