"use strict";
// The story map: draws the JSON in #story-map, then pan (drag), zoom (wheel, + and -), find, and a
// click shows a scene. Text reaches the page only through textContent: never as markup.
(() => {
  const data = JSON.parse(document.getElementById("story-map").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const svg = document.getElementById("map");
  const info = document.getElementById("info");
  const [NW, NH] = data.node;
  const [WIDTH, HEIGHT] = data.size;
  const MARKS = { s: "start", u: "lost", d: "dead" };

  const scenes = data.scenes.map((s, index) => ({
    index, id: s[0], title: s[1], kind: s[2], chapter: data.chapters[s[3]], place: s[4], words: s[5],
    x: s[6], y: s[7], marks: s[8], ending: s[9], text: s[10], out: [], in: [], element: null,
  }));
  const ways = data.ways.map((w) => ({
    from: scenes[w[0]], to: scenes[w[1]], kind: data.kinds[w[2]], label: w[3], condition: w[4], marks: w[5], element: null,
  }));
  for (const way of ways) {
    way.from.out.push(way);
    way.to.in.push(way);
  }
  const byId = new Map(scenes.map((scene) => [scene.id, scene]));

  function svgElement(name, attributes, parent) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    if (parent) parent.appendChild(element);
    return element;
  }

  function add(parent, name, text, className) {
    const element = document.createElement(name);
    if (text !== undefined && text !== null) element.textContent = text;
    if (className) element.className = className;
    parent.appendChild(element);
    return element;
  }

  function clip(text, size) {
    return text.length <= size ? text : text.slice(0, size - 1).trimEnd() + "…";
  }

  const number = new Intl.NumberFormat("en");

  // ------------------------------------------------------------ drawing

  const defs = svgElement("defs", {}, svg);
  const marker = svgElement("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5",
    markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
  svgElement("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow" }, marker);
  const view = svgElement("g", { id: "view" }, svg);
  const bandLayer = svgElement("g", {}, view);
  const wayLayer = svgElement("g", { id: "ways" }, view);
  const nodeLayer = svgElement("g", { id: "scenes" }, view);

  data.bands.forEach((band, index) => {
    svgElement("rect", { x: 0, y: band.y, width: WIDTH, height: band.height, class: index % 2 ? "band alt" : "band" }, bandLayer);
    const name = svgElement("text", { x: 20, y: band.y + 32, class: "band-name" }, bandLayer);
    name.textContent = clip(band.name || "(no chapter)", 80);
  });

  function wayPath(way) {
    const a = way.from;
    const b = way.to;
    if (a === b) {
      const x = a.x + NW;
      const y = a.y + NH / 2;
      return `M ${x} ${y - 8} C ${x + 40} ${y - 40}, ${x + 40} ${y + 40}, ${x} ${y + 8}`;
    }
    const sx = a.x + NW;
    const sy = a.y + NH / 2;
    const tx = b.x;
    const ty = b.y + NH / 2;
    if (a.x === b.x) { // the same column: round the right-hand side
      const bulge = 30 + Math.min(140, Math.abs(ty - sy) * 0.12);
      return `M ${sx} ${sy} C ${sx + bulge} ${sy}, ${sx + bulge} ${ty}, ${sx} ${ty}`;
    }
    if (tx > sx + 8) {
      const bend = Math.max(40, (tx - sx) / 2);
      return `M ${sx} ${sy} C ${sx + bend} ${sy}, ${tx - bend} ${ty}, ${tx} ${ty}`;
    }
    const fx = a.x + NW / 2;
    const gx = b.x + NW / 2;
    if (b.y > a.y + NH) { // back to an earlier column, lower down (the next chapter): bottom to top
      const bend = Math.max(30, (b.y - a.y - NH) / 2);
      return `M ${fx} ${a.y + NH} C ${fx} ${a.y + NH + bend}, ${gx} ${b.y - bend}, ${gx} ${b.y}`;
    }
    if (b.y + NH < a.y) { // back and up: top to bottom
      const bend = Math.max(30, (a.y - b.y - NH) / 2);
      return `M ${fx} ${a.y} C ${fx} ${a.y - bend}, ${gx} ${b.y + NH + bend}, ${gx} ${b.y + NH}`;
    }
    // Back along the same row: leave from below, come in from below, dipping under both.
    const fy = a.y + NH;
    const gy = b.y + NH;
    const dip = Math.max(fy, gy) + 30 + Math.min(160, Math.abs(fx - gx) * 0.12);
    return `M ${fx} ${fy} C ${fx} ${dip}, ${gx} ${dip}, ${gx} ${gy}`;
  }

  for (const way of ways) {
    const classes = ["way", "k-" + way.kind];
    if (way.marks.includes("l")) classes.push("locked");
    if (way.marks.includes("c")) classes.push("cond");
    if (way.marks.includes("n")) classes.push("never");
    way.element = svgElement("path", { d: wayPath(way), class: classes.join(" "), "marker-end": "url(#arrow)" }, wayLayer);
  }

  for (const scene of scenes) {
    const classes = ["node", "kind-" + scene.kind];
    for (const letter of scene.marks) classes.push(MARKS[letter]);
    if (scene.kind === "ending") classes.push("ending");
    const group = svgElement("g", { class: classes.join(" "), transform: `translate(${scene.x},${scene.y})`,
      "data-index": scene.index, "data-id": scene.id }, nodeLayer);
    svgElement("rect", { width: NW, height: NH, rx: scene.kind === "ending" ? 20 : scene.kind === "choices" ? 6 : 14 }, group);
    const title = svgElement("text", { x: 10, y: 19 }, group);
    title.textContent = clip(scene.title || scene.id, 27);
    const sub = svgElement("text", { x: 10, y: 36, class: "sub" }, group);
    sub.textContent = clip(scene.id, 20) + (scene.kind === "choices" ? "" : " · " + scene.kind);
    const tip = svgElement("title", {}, group);
    tip.textContent = `${scene.title || scene.id} (${scene.id}, ${scene.place})`;
    scene.element = group;
  }

  const problems = data.problems;
  document.getElementById("title").textContent = data.title;
  document.title = `${data.title}: story map`;
  document.getElementById("summary").textContent =
    `${number.format(scenes.length)} scenes · ${number.format(ways.length)} ways · ${data.chapters.length} chapters · ` +
    `${number.format(data.words)} words · ${problems[0]} error(s), ${problems[1]} warning(s) (millones check)`;
  const legend = document.getElementById("legend");
  for (const [className, text] of [["start", "start"], ["ending", "ending"], ["lost", "no game reaches it"],
    ["dead", "dead end"], ["locked", "locked choice (requires)"], ["cond", "conditional (if)"], ["never", "no game takes it"]]) {
    const item = add(legend, "span", null);
    add(item, "i", null, className);
    item.appendChild(document.createTextNode(text));
  }

  // ------------------------------------------------------------ pan and zoom

  const camera = { x: 0, y: 0, k: 1 };
  let pending = false;

  function apply() {
    pending = false;
    view.setAttribute("transform", `translate(${camera.x},${camera.y}) scale(${camera.k})`);
    svg.classList.toggle("far", camera.k < 0.4);
  }

  function redraw() {
    if (!pending) {
      pending = true;
      requestAnimationFrame(apply);
    }
  }

  function zoomAt(px, py, factor) {
    const k = Math.min(4, Math.max(0.02, camera.k * factor));
    camera.x = px - (px - camera.x) * (k / camera.k);
    camera.y = py - (py - camera.y) * (k / camera.k);
    camera.k = k;
    redraw();
  }

  function zoomCenter(factor) {
    const box = svg.getBoundingClientRect();
    zoomAt(box.width / 2, box.height / 2, factor);
  }

  function fit() {
    const box = svg.getBoundingClientRect();
    camera.k = Math.min(2, Math.max(0.02, Math.min(box.width / WIDTH, box.height / HEIGHT) * 0.96));
    camera.x = (box.width - WIDTH * camera.k) / 2;
    camera.y = (box.height - HEIGHT * camera.k) / 2;
    redraw();
  }

  function center(scene, atLeast) {
    const box = svg.getBoundingClientRect();
    camera.k = Math.max(camera.k, atLeast);
    camera.x = box.width / 2 - (scene.x + NW / 2) * camera.k;
    camera.y = box.height / 2 - (scene.y + NH / 2) * camera.k;
    apply();
  }

  let drag = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    const node = event.target.closest && event.target.closest(".node");
    drag = { x: event.clientX, y: event.clientY, cx: camera.x, cy: camera.y, moved: false, node };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    svg.classList.add("dragging");
    camera.x = drag.cx + dx;
    camera.y = drag.cy + dy;
    redraw();
  });
  function release() {
    if (drag && !drag.moved && drag.node) select(scenes[Number(drag.node.getAttribute("data-index"))]);
    drag = null;
    svg.classList.remove("dragging");
  }
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", () => { drag = null; svg.classList.remove("dragging"); });
  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const box = svg.getBoundingClientRect();
    const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    zoomAt(event.clientX - box.left, event.clientY - box.top, Math.exp(-delta * 0.0015));
  }, { passive: false });

  document.getElementById("zoom-in").addEventListener("click", () => zoomCenter(1.25));
  document.getElementById("zoom-out").addEventListener("click", () => zoomCenter(0.8));
  document.getElementById("zoom-fit").addEventListener("click", fit);
  document.getElementById("zoom-start").addEventListener("click", () => goTo(scenes[data.start]));
  document.addEventListener("keydown", (event) => {
    if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "+" || event.key === "=") zoomCenter(1.25);
    else if (event.key === "-" || event.key === "_") zoomCenter(0.8);
    else if (event.key === "0") fit();
    else if (event.key === "Home" && data.start >= 0) goTo(scenes[data.start]);
    else if (event.key === "Escape") select(null);
    else return;
    event.preventDefault();
  });

  // ------------------------------------------------------------ a scene

  let selected = null;

  function select(scene) {
    if (selected) {
      selected.element.classList.remove("selected");
      for (const way of selected.out.concat(selected.in)) way.element.classList.remove("hot");
    }
    selected = scene;
    svg.classList.toggle("focus", Boolean(scene));
    info.replaceChildren();
    if (!scene) {
      add(info, "p", "Click a scene to read it. Drag to move, wheel or + and − to zoom.", "hint");
      return;
    }
    scene.element.classList.add("selected");
    for (const way of scene.out.concat(scene.in)) way.element.classList.add("hot");
    add(info, "h2", scene.title || scene.id, "title");
    add(info, "p", `${scene.id} · ${scene.kind} · ${scene.chapter || "(no chapter)"}`, "meta");
    add(info, "p", scene.place, "place");
    const badges = add(info, "p", null, "badges");
    if (scene.marks.includes("s")) add(badges, "span", "start");
    if (scene.kind === "ending") add(badges, "span", "ending: " + (scene.ending || scene.title || scene.id), "ending");
    if (scene.marks.includes("u")) add(badges, "span", "no game reaches it", "lost");
    if (scene.marks.includes("d")) add(badges, "span", "dead end", "dead");
    add(badges, "span", `${number.format(scene.words)} words`);
    const paths = data.endings[scene.id];
    if (paths && paths[0] !== null) {
      const [shortest, longest] = paths.map((words) => number.format(words));
      add(badges, "span", shortest === longest ? `${shortest} words from the start` :
        `${shortest} to ${longest} words from the start`);
    }
    const text = add(info, "div", null, "text");
    for (const [paragraph, condition] of scene.text) {
      const p = add(text, "p", null);
      if (condition) add(p, "span", "if " + condition, "cond");
      p.appendChild(document.createTextNode(paragraph));
    }
    if (!scene.text.length) add(text, "p", "(no text: the game moves on at once)", "hint");
    listWays("Ways out", scene.out, (way) => way.to, (way) => way.label || way.kind);
    listWays("Ways in", scene.in, (way) => way.from, (way) => way.label || way.kind);
  }

  function listWays(heading, list, other, label) {
    if (!list.length) return;
    add(info, "h3", heading);
    const ul = add(info, "ul", null);
    for (const way of list) {
      const button = add(add(ul, "li", null), "button", null);
      const target = other(way);
      button.appendChild(document.createTextNode(`${label(way)} → ${target.title || target.id} (${target.id})`));
      if (way.condition) add(button, "span", (way.marks.includes("l") ? "locked unless " : "if ") + way.condition, "why");
      if (way.marks.includes("o")) add(button, "span", "once only", "why");
      if (way.marks.includes("n")) add(button, "span", "no game takes it (millones check)", "why never");
      button.addEventListener("click", () => goTo(target));
    }
  }

  function goTo(scene) {
    if (!scene) return;
    select(scene);
    center(scene, 0.8);
  }

  // ------------------------------------------------------------ find

  const find = document.getElementById("find");
  let found = [];
  let at = -1;
  let asked = "";
  find.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const wanted = find.value.trim().toLowerCase();
    if (!wanted) return;
    if (wanted !== asked) {
      for (const scene of found) scene.element.classList.remove("found");
      asked = wanted;
      const exact = byId.get(find.value.trim());
      found = scenes.filter((s) => s !== exact && (s.id.toLowerCase().includes(wanted) || s.title.toLowerCase().includes(wanted)));
      if (exact) found.unshift(exact);
      for (const scene of found) scene.element.classList.add("found");
      at = -1;
    }
    if (!found.length) {
      find.setCustomValidity("No scene has that in its id or title");
      find.reportValidity();
      return;
    }
    find.setCustomValidity("");
    at = (at + 1) % found.length;
    goTo(found[at]);
  });
  find.addEventListener("input", () => find.setCustomValidity(""));

  // ------------------------------------------------------------ first view

  const box = svg.getBoundingClientRect();
  if (Math.min(box.width / WIDTH, box.height / HEIGHT) >= 0.25 || data.start < 0) fit();
  else {
    const start = scenes[data.start];
    camera.k = 0.8;
    camera.x = 40 - start.x * camera.k;
    camera.y = Math.min(box.height / 2 - (start.y + NH / 2) * camera.k, 0);
    apply();
  }
  if (data.start >= 0) scenes[data.start].element.classList.add("start");
  // For tools and tests: what is drawn, a way to a scene, and when (ms from the start of the page's loading)
  // the script was done and the first frame with the map was on screen.
  const shown = { scenes: scenes.length, ways: ways.length, goTo: (id) => goTo(byId.get(id)),
    drawnAt: performance.now(), shownAt: null };
  window.storyMap = shown;
  requestAnimationFrame(() => setTimeout(() => {
    shown.shownAt = performance.now();
    document.body.setAttribute("data-ready", "yes");
  }, 0));
})();
