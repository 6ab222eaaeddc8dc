// One pass over a document (open shadow roots included): every element a person could mean,
// with what scoring needs. Run by Playwright's evaluate in each frame; returns plain data and
// keeps the elements in window.__pactsCandidates so a generated locator can be checked to
// resolve to exactly the chosen element.
(args) => {
  const {roles, name, limit} = args;
  const ROLE_SET = new Set(roles);
  // folded as score.py's key(), synonyms of one act made the same words (score.py canonical)
  const norm = s => (s || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ").trim()
    .replace(/\b(?:sign ?in|log ?on|sign on|login)\b/g, "log in")
    .replace(/\b(?:sign ?out|log ?off|logout)\b/g, "log out");
  const squash = s => (s || "").replace(/\s+/g, " ").trim();
  const wanted = norm(name);
  const wantedTokens = wanted ? wanted.split(" ") : [];
  const bigrams = s => { const out = new Set(); for (let i = 0; i < s.length - 1; i++) out.add(s.slice(i, i + 2)); return out; };
  const wantedBigrams = bigrams(wanted.replace(/ /g, ""));
  const digits = s => (s.match(/\d+/g) || []).join(" ");
  // one act however the app spells it ("Sign in", "Log In", "Login"): score.py canonical
  const ACTS = [[/\b(?:sign|log) ?(?:in|on)\b/g, "log in"], [/\b(?:sign|log) ?(?:out|off)\b/g, "log out"]];
  const acts = s => ACTS.reduce((t, [re, to]) => t.replace(re, to), s);
  const loose = text => {
    // A cheap pre-filter for what Python's scoring could accept (score.py name_match):
    // token containment either way, or a close spelling with the same numbers.
    if (!wanted) return true;
    const t = norm(text);
    if (!t) return false;
    if (t === wanted || acts(t) === acts(wanted)) return true;
    const tokens = t.split(" ");
    const have = new Set(tokens);
    if (wantedTokens.every(w => have.has(w))) return true;
    const want = new Set(wantedTokens);
    if (tokens.length <= wantedTokens.length && tokens.every(w => want.has(w))) return true;
    if (digits(t) !== digits(wanted)) return false;
    const b = bigrams(t.replace(/ /g, ""));
    let common = 0;
    for (const g of wantedBigrams) if (b.has(g)) common++;
    return wantedBigrams.size > 0 && (2 * common) / (wantedBigrams.size + b.size) >= 0.6;
  };

  const INPUT_ROLES = {button: "button", image: "button", reset: "button", submit: "button",
    checkbox: "checkbox", radio: "radio", range: "slider", number: "spinbutton", search: "searchbox"};
  const implicitRole = el => {
    const tag = el.localName;
    switch (tag) {
      case "a": case "area": return el.hasAttribute("href") ? "link" : "";
      case "button": return "button";
      case "input": {
        const type = (el.getAttribute("type") || "text").toLowerCase();
        if (type === "hidden") return "";
        if (el.hasAttribute("list") && ["text", "search", "email", "tel", "url"].includes(type)) return "combobox";
        return INPUT_ROLES[type] || "textbox";
      }
      case "select": return el.multiple || el.size > 1 ? "listbox" : "combobox";
      case "textarea": return "textbox";
      case "h1": case "h2": case "h3": case "h4": case "h5": case "h6": return "heading";
      case "img": return el.getAttribute("alt") === "" ? "presentation" : "img";
      case "option": return "option";
      case "dialog": return "dialog";
      case "nav": return "navigation";
      case "article": return "article";
      case "aside": return "complementary";
      case "main": return "main";
      case "form": return hasOwnName(el) ? "form" : "";
      case "section": return hasOwnName(el) ? "region" : "";
      case "fieldset": return "group";
      case "table": return "table";
      case "dl": return "list";  // a description list is a list to a person (HTML-AAM 1.0)
      case "tr": return "row";
      case "summary": return "button";
      default: return el.isContentEditable && el.parentElement && !el.parentElement.isContentEditable ? "textbox" : "";
    }
  };
  const roleOf = el => {
    const explicit = (el.getAttribute("role") || "").trim().split(/\s+/)[0];
    return explicit || implicitRole(el);
  };
  const hasOwnName = el => el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby") || el.hasAttribute("title");
  const byIds = (el, attr) => {
    const ids = (el.getAttribute(attr) || "").split(/\s+/).filter(Boolean);
    const root = el.getRootNode();
    return ids.map(id => (root.getElementById ? root.getElementById(id) : document.getElementById(id)))
      .filter(Boolean);
  };
  const textOf = el => {
    // textContent plus the alt text of images, without hidden or script content; a <slot>
    // reads as what is assigned to it (a web component's button shows its host's light-DOM
    // text through one: <sl-button>Cancel</sl-button>), else as its fallback content
    let out = "";
    const walk = node => {
      for (const child of node.childNodes) {
        if (child.nodeType === 3) out += child.nodeValue;
        else if (child.nodeType === 1) {
          const tag = child.localName;
          if (tag === "script" || tag === "style" || tag === "template") continue;
          if (child.getAttribute("aria-hidden") === "true") continue;
          if (tag === "img") out += " " + (child.getAttribute("alt") || "") + " ";
          else if (["input", "select", "textarea"].includes(tag)) continue;
          else if (tag === "slot" && child.assignedNodes().length) {
            out += " "; walk({childNodes: child.assignedNodes({flatten: true})}); out += " ";
          }
          else { out += " "; walk(child.shadowRoot || child); out += " "; }
        }
      }
    };
    walk(el);
    return squash(out);
  };
  const labelsOf = el => {
    const out = [];
    if (el.labels) for (const l of el.labels) out.push(textOf(l));
    return out.filter(Boolean);
  };
  const accName = (el, role, labels) => {
    const by = byIds(el, "aria-labelledby");
    if (by.length) return squash(by.map(textOf).join(" "));
    const aria = el.getAttribute("aria-label");
    if (aria && aria.trim()) return squash(aria);
    const tag = el.localName;
    if (tag === "input") {
      const type = (el.getAttribute("type") || "text").toLowerCase();
      if (["button", "submit", "reset"].includes(type)) {
        return squash(el.value || el.getAttribute("value") || (type === "submit" ? "Submit" : type === "reset" ? "Reset" : ""));
      }
      if (type === "image") return squash(el.getAttribute("alt") || "");
    }
    if (labels.length) return squash(labels.join(" "));
    if (tag === "fieldset") {
      const legend = el.querySelector(":scope > legend");
      if (legend) return textOf(legend);
    }
    if (tag === "table") {
      const caption = el.querySelector(":scope > caption");
      if (caption) return textOf(caption);
    }
    if (tag === "img") return squash(el.getAttribute("alt") || el.getAttribute("title") || "");
    const fromContent = ["button", "link", "heading", "tab", "menuitem", "menuitemcheckbox",
      "menuitemradio", "option", "checkbox", "radio", "switch", "row", "cell", "treeitem", "tooltip"];
    if (fromContent.includes(role)) {
      const text = textOf(el);
      if (text) return text;
    }
    return squash(el.getAttribute("title") || el.getAttribute("placeholder") || "");
  };
  const parentOf = el => el.assignedSlot || el.parentElement || (el.getRootNode() && el.getRootNode().host) || null;
  const visible = el => {
    const box = el.getBoundingClientRect();
    if (!(box.width > 0 && box.height > 0)) return false;
    const style = getComputedStyle(el);
    return style.visibility !== "hidden";
  };
  const disabled = el => {
    if (el.getAttribute("aria-disabled") === "true") return true;
    for (let p = el; p; p = p.parentElement) {
      if ("disabled" in p && p.disabled && ["button", "input", "select", "textarea", "fieldset", "option"].includes(p.localName)) return true;
    }
    return false;
  };
  const CAPTIONED = new Set(["list", "table", "grid", "listbox"]);
  const CONTEXT_ROLES = new Set(["dialog", "alertdialog", "region", "form", "navigation", "article",
    "complementary", "group", "toolbar", "row", "table", "grid", "tabpanel", "menu", "list", "banner",
    "contentinfo", "main", "search", "listitem"]);
  const headingIn = el => {
    const root = el.shadowRoot || el;
    const h = root.querySelector("h1, h2, h3, h4, h5, h6, [role=heading], legend, caption");
    return h ? textOf(h) : "";
  };
  // A box led by its own caption, a short first text ending in a colon with more after it
  // ("You are here: start » reception", "Tags: ..."): what a person calls the box by.
  const captionOf = p => {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let first = walker.nextNode();
    while (first && !first.nodeValue.trim()) first = walker.nextNode();
    const lead = first ? squash(first.nodeValue) : "";
    const caption = /^(.{1,40}?)\s*:$/u.exec(lead);
    if (!caption || /\d:$/.test(lead)) return "";  // "10:" is a time, not a caption
    const holder = first.parentElement;  // the caption is the box's own (not a nested box's)
    if (holder !== p && holder.parentElement !== p) return "";
    return textOf(p).length > lead.length + 1 ? caption[1] : "";
  };
  // A box with no role that the page still names (issue 13): by a label that opens it
  // ("Suggested facets: <a>author_id</a>, <a>year</a>") or, failing that, by its id
  // (<div id="facet-genre">, phpMyAdmin's <div id="pma_navigation">): the words a person uses
  // for it ("the genre facet", "the navigation panel"). Python drops ids that look generated.
  const BOX_TAGS = new Set(["div", "p", "span", "dl", "ul", "ol", "td", "aside", "nav", "section", "header", "footer"]);
  const leadLabel = p => {
    for (const n of p.childNodes) {
      if (n.nodeType === 3 && !n.nodeValue.trim()) continue;
      const text = n.nodeType === 3 ? squash(n.nodeValue) : "";
      return /^[^:]{2,60}:$/.test(text) ? text.slice(0, -1).trim() : "";
    }
    return "";
  };
  const namedBox = p => {
    if (!BOX_TAGS.has(p.localName)) return null;
    const label = leadLabel(p);
    const id = p.getAttribute("id") || "";
    if (!label && !id) return null;
    const name = label || id.replace(/[-_.:]+/g, " ").trim();
    return {role: "box", tag: p.localName, name: name.slice(0, 200), own_name: "", cells: [], id, label};
  };
  const contextEntry = p => {
    const role = roleOf(p);
    const cls = typeof p.className === "string" ? p.className : "";
    // "slds-card", "card", "panel" as a class word of its own (not "slds-card__header")
    const card = /(^|\s)([\w-]*[-_])?(card|panel|modal|tile)(\s|$)/i.test(cls) || /-card$/.test(p.localName);
    const form = p.localName === "form";
    const sectioning = ["section", "header", "footer", "fieldset"].includes(p.localName);
    if (!(CONTEXT_ROLES.has(role) || card || form || sectioning)) {
      const caption = captionOf(p);
      if (caption) return {role: "box", tag: p.localName, name: caption, own_name: caption, cells: [], id: p.getAttribute("id") || "", label: caption};
      return role ? null : namedBox(p);
    }
    let own = "";
    const by = byIds(p, "aria-labelledby");
    if (by.length) own = squash(by.map(textOf).join(" "));
    else if (p.getAttribute("aria-label")) own = squash(p.getAttribute("aria-label"));
    else if (p.localName === "fieldset" && p.querySelector(":scope > legend")) own = textOf(p.querySelector(":scope > legend"));
    const rowLike = role === "row" || role === "listitem";
    const name = own || (rowLike ? textOf(p) : headingIn(p));
    return {
      role: role || (form ? "form" : card ? "card" : p.localName), tag: p.localName,
      name: name.slice(0, 200), own_name: own.slice(0, 200),
      cells: rowLike ? Array.from(p.children).map(c => textOf(c).slice(0, 80)).filter(Boolean).slice(0, 6) : [],
      id: p.getAttribute("id") || "", label: "",
    };
  };
  const ctxMemo = new Map();
  const ctxChain = node => {
    if (!node || node.nodeType !== 1) return [];
    if (ctxMemo.has(node)) return ctxMemo.get(node);
    const own = contextEntry(node);
    const rest = ctxChain(parentOf(node));
    const chain = own ? [own, ...rest] : rest;
    ctxMemo.set(node, chain);
    return chain;
  };
  // Heading-delimited sections, outermost last: "in the Reception section" is the content after
  // that heading up to the next heading of the same or a higher level (a wiki's sections wrap
  // nothing; issue 13). Headings of the element's own tree (document or shadow root).
  const headingMemo = new Map();
  const headingsOf = root => {
    if (!headingMemo.has(root)) {
      headingMemo.set(root, root.querySelectorAll ? Array.from(root.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")) : []);
    }
    return headingMemo.get(root);
  };
  const sectionsOf = el => {
    const out = [];
    let above = 7;
    const hs = headingsOf(el.getRootNode());
    for (let i = hs.length - 1; i >= 0 && above > 1; i--) {
      const h = hs[i];
      if (h === el || h.contains(el) || !(h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      const level = Number(h.getAttribute("aria-level") || h.localName.slice(1)) || 2;
      if (level >= above) continue;
      above = level;
      const name = textOf(h).slice(0, 200);
      if (name) out.push({role: "section", tag: "h" + level, name, own_name: name, cells: [], id: "", label: ""});
    }
    return out;
  };
  const contextsOf = el => [...ctxChain(parentOf(el)), ...sectionsOf(el)];

  const where = /* context.js */ null;
  // What activating it does, to tell equivalent duplicates (same role, name and effect: a title
  // link and a "see also" link to one URL) from different elements (issue 13)
  const effectOf = el => {
    if (el.localName === "a" || el.localName === "area") {
      if (!el.href) return "";
      // one URL whatever the order of its query parameters (phpMyAdmin links a table from its
      // navigation tree as ?route=/sql&pos=0&db=hotel and from the list as ?route=/sql&db=...)
      try { const u = new URL(el.href); u.searchParams.sort(); return "href " + u.href; }
      catch (e) { return "href " + el.href; }
    }
    if (el.form && ["submit", "image"].includes((el.type || "").toLowerCase())) {
      const form = Array.prototype.indexOf.call(document.forms, el.form);
      return `submit form ${form} ${el.form.action} ${el.name || ""}=${el.value || ""}`;
    }
    return "";
  };
  const TESTIDS = ["data-testid", "data-test", "data-qa", "data-cy", "data-test-id"];
  const keep = [];
  const out = [];
  let scanned = 0;
  let shadowRoots = 0;
  const visit = (root, shadowDepth) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let el = walker.nextNode(); el; el = walker.nextNode()) {
      scanned++;
      const role = roleOf(el);
      if (ROLE_SET.has(role) || (ROLE_SET.has("textbox") && el.isContentEditable && role === "")) {
        const labels = labelsOf(el);
        const nameText = accName(el, role, labels);
        // a nameless list or table right after a heading ("Fulltext results:" + <dl>): the
        // heading is what a person calls it by
        const prev = !nameText && CAPTIONED.has(role) ? el.previousElementSibling : null;
        const headingBefore = prev && /^h[1-6]$/.test(prev.localName) ? textOf(prev).slice(0, 200) : "";
        const testids = {};
        for (const a of TESTIDS) { const v = el.getAttribute(a); if (v) testids[a] = v; }
        const fieldLike = ["input", "textarea", "select"].includes(el.localName);
        const text = fieldLike ? "" : textOf(el).slice(0, 200);
        const sources = [nameText, text, el.getAttribute("placeholder"), el.getAttribute("title"),
          el.getAttribute("alt"), el.getAttribute("id"), el.getAttribute("name"), headingBefore, ...labels, ...Object.values(testids)];
        if (sources.some(s => s && loose(s))) {
          keep.push(el);
          const toggle = ["checkbox", "radio", "switch"].includes(role);
          // A web component's own checkbox takes no clicks (<sl-checkbox>: an input with
          // pointer-events: none under its label): as good as hidden, its label stands in
          const shown = visible(el) && !(toggle && getComputedStyle(el).pointerEvents === "none");
          // A checkbox or radio hidden behind a styled label: the label is what a person clicks
          // (Playwright's check() and is_checked() act on a label's control).
          let proxy = null, proxyText = "", proxyHost = [], editor = false;
          if (!shown && toggle && el.labels) {
            for (const l of el.labels) {
              if (visible(l)) { keep.push(l); proxy = keep.length - 1; proxyText = textOf(l); break; }
            }
            const root = proxy === null ? null : keep[proxy].getRootNode();
            // a label in a shadow root is reached through its host (its tag and its own text)
            if (root instanceof ShadowRoot) proxyHost = [root.host.localName, squash(root.host.textContent).slice(0, 80)];
          }
          const next = el.nextElementSibling;
          if (!shown && el.localName === "textarea" && next && visible(next)
              && next.querySelector("textarea, [contenteditable=''], [contenteditable=true]")) {
            // A code editor (CodeMirror, Ace ...) shown in place of the hidden <textarea> it
            // keeps in step: what a person types into (issue 13)
            keep.push(next); proxy = keep.length - 1; editor = true;
          }
          let widget = "";
          if (!shown && el.localName === "select") {
            // A list widget (select2) shown in place of the hidden <select> it keeps in step,
            // right before or after it: what a person opens and picks from (issue 13)
            const sides = [["before", el.previousElementSibling], ["after", next]];
            for (const [side, w] of sides) {
              if (w && visible(w) && w.querySelector("[aria-haspopup], [role=combobox]")) {
                keep.push(w); proxy = keep.length - 1; widget = side; break;
              }
            }
          }
          const level = role === "heading" ? Number((el.getAttribute("aria-level") || el.localName.slice(1)) || 2) : null;
          out.push({
            index: keep.indexOf(el), role, proxy, proxy_text: proxyText.slice(0, 200), proxy_host: proxyHost, heading_before: headingBefore, editor, widget, tag: el.localName, type: el.getAttribute("type") || "",
            name: nameText.slice(0, 200), text, labels: labels.map(l => l.slice(0, 200)),
            placeholder: el.getAttribute("placeholder") || "", title: el.getAttribute("title") || "",
            alt: el.getAttribute("alt") || "", aria_label: el.getAttribute("aria-label") || "",
            id: el.getAttribute("id") || "", name_attr: el.getAttribute("name") || "",
            href: el.getAttribute("href") || "", effect: effectOf(el), role_attr: el.getAttribute("role") || "", testids, level,
            ancestors: [el.parentElement, el.parentElement && el.parentElement.parentElement,
              el.parentElement && el.parentElement.parentElement && el.parentElement.parentElement.parentElement]
              .filter(Boolean).map(p => p.localName),
            visible: shown, disabled: disabled(el),
            shadow_depth: shadowDepth, contexts: contextsOf(el), where: where(el),
          });
          if (out.length >= limit) return;
        }
      }
      if (el.shadowRoot) { shadowRoots++; visit(el.shadowRoot, shadowDepth + 1); if (out.length >= limit) return; }
    }
  };
  visit(document, 0);
  window.__pactsCandidates = keep;
  return {candidates: out, scanned, shadow_roots: shadowRoots, url: location.href};
}
