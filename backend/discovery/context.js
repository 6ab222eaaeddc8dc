// Where an element sits, for its fingerprint (issue 18): the nearest visible text above, below,
// left and right of it (what a person reads next to it), its box in page pixels, and its path
// from the root as [tag, index among same-tag siblings, id] steps. An expression: pasted into
// collect.js and the fingerprint script, so both take the same measure of an element.
(() => {
  const RADIUS = 200;  // px: a text further away is not the element's neighbour
  const MAX_TEXTS = 5000;
  let texts = null;
  const gather = () => {
    texts = [];
    const range = document.createRange();
    const visit = root => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n && texts.length < MAX_TEXTS; n = walker.nextNode()) {
        if (n.nodeType === 1) { if (n.shadowRoot) visit(n.shadowRoot); continue; }
        const value = n.nodeValue.replace(/\s+/g, " ").trim();
        const parent = n.parentElement;
        if (!value || !parent || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(parent.tagName)) continue;
        range.selectNodeContents(n);
        const r = range.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) texts.push({node: n, text: value.slice(0, 80), l: r.left, t: r.top, r: r.right, b: r.bottom});
      }
    };
    visit(document);
  };
  const neighbours = (el, box) => {
    if (texts === null) gather();
    const best = {above: null, below: null, left: null, right: null};
    const gap = {above: RADIUS, below: RADIUS, left: RADIUS, right: RADIUS};
    for (const x of texts) {
      const overlapX = x.l < box.right && x.r > box.left;
      const overlapY = x.t < box.bottom && x.b > box.top;
      let side = null, d = 0;
      if (overlapX && x.b <= box.top + 2) { side = "above"; d = box.top - x.b; }
      else if (overlapX && x.t >= box.bottom - 2) { side = "below"; d = x.t - box.bottom; }
      else if (overlapY && x.r <= box.left + 2) { side = "left"; d = box.left - x.r; }
      else if (overlapY && x.l >= box.right - 2) { side = "right"; d = x.l - box.right; }
      if (side && d < gap[side] && !el.contains(x.node)) { gap[side] = d; best[side] = x.text; }
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
