// A page's map of the areas (ui/components.show_map): the SVGs the server drew (figures/svg_maps.py,
// clickable), one for each width, in a frame whose CSS shows the one for the column; a tooltip for the
// area pointed at or focused, its outline traced, and a click, Enter or Space on an area sent back to
// the page as the trigger value `clicked` (the page's scroller, `data.scroller`, first put back at its top, so
// the page opened starts there). The map is one stop for the Tab key (the area last focused); an arrow key moves
// to the nearest area in its direction, Home and End to the first and the last; "Find an area" under the map
// focuses an area by its name. It zooms by pinching, by its buttons and by the keys + and - (0 puts it back),
// and pans by dragging when zoomed or by Shift and the arrow keys: its labels keep their size, and those that fit
// only when zoomed in appear as it zooms. A round target over an area too small to touch (`data-target`) stands
// for that area.
// childOf and drawSized are ui/sized.js's, put before this script.
export default function ({ data, parentElement, setTriggerValue }) {
  const holder = childOf(parentElement, "map-holder");
  const redrawn = drawSized(holder, data.svgs);
  const tip = childOf(holder, "map-tip");
  tip.setAttribute("role", "tooltip");
  if (redrawn) tip.hidden = true;
  const zoom = zoomControls(holder);
  const finder = findControls(holder);
  if (redrawn) finder.list(holder);

  const hide = () => {
    tip.hidden = true;
    holder.querySelectorAll(".highlight path").forEach((trace) => trace.removeAttribute("d"));
  };
  const show = (area, x, y) => {
    const [name, ...lines] = area.dataset.tip.split("\n");
    const bold = document.createElement("b");
    bold.textContent = name;
    tip.replaceChildren(bold, ...lines.flatMap((line) => [document.createElement("br"), document.createTextNode(line)]));
    tip.hidden = false;
    area.closest("svg").querySelectorAll(".highlight path").forEach((trace) => trace.setAttribute("d", area.getAttribute("d")));
    // Beside the point, inside the map: never past its right or bottom edge.
    const box = holder.getBoundingClientRect();
    let left = x - box.left + 14;
    let top = y - box.top + 14;
    if (left + tip.offsetWidth > box.width) left = Math.max(0, x - box.left - tip.offsetWidth - 14);
    if (top + tip.offsetHeight > box.height) top = Math.max(0, y - box.top - tip.offsetHeight - 14);
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  };
  const areaOf = (event) => {
    const target = event.target.closest && event.target.closest("[data-target]");
    if (target) return target.closest("svg").querySelector(`[data-code="${target.dataset.target}"]`);
    return event.target.closest && event.target.closest("[data-code]");
  };
  const open = (area) => {
    const scroller = document.querySelector(data.scroller);
    if (scroller) scroller.scrollTo(0, 0);
    window.scrollTo(0, 0);
    setTriggerValue("clicked", area.dataset.code);
  };

  // Called again with each run's data, and cleaned up only when removed: the last call's listeners
  // are taken off before this call's go on, or a click would be sent once for every run since.
  if (holder.listening) holder.listening.abort();
  const listening = new AbortController();
  holder.listening = listening;
  const options = { signal: listening.signal };
  const pointers = new Map();  // the fingers or the mouse button down on the map: where each was last
  let dragged = false;
  holder.addEventListener("pointerdown", (event) => {
    if (!event.target.closest("svg")) return;
    pointers.set(event.pointerId, [event.clientX, event.clientY]);
    dragged = false;
  }, options);
  const lifted = (event) => pointers.delete(event.pointerId);
  ["pointerup", "pointercancel"].forEach((type) => holder.addEventListener(type, lifted, options));
  holder.addEventListener("pointermove", (event) => {
    const before = pointers.get(event.pointerId);
    if (before) {
      const others = [...pointers].filter(([id]) => id !== event.pointerId).map(([, at]) => at);
      if (others.length === 1) {  // a pinch: zoom by the change in the fingers' distance, about their midpoint
        const [ox, oy] = others[0];
        const ratio = Math.hypot(event.clientX - ox, event.clientY - oy) / Math.max(1, Math.hypot(before[0] - ox, before[1] - oy));
        zoom.by(ratio, (event.clientX + ox) / 2, (event.clientY + oy) / 2);
        dragged = true;
      } else if (zoom.zoomed() && Math.hypot(event.clientX - before[0], event.clientY - before[1]) > 2) {
        zoom.pan(event.clientX - before[0], event.clientY - before[1]);
        dragged = true;
      }
      pointers.set(event.pointerId, [event.clientX, event.clientY]);
      if (dragged) return hide();
    }
    const area = areaOf(event);
    if (area) show(area, event.clientX, event.clientY);
    else hide();
  }, options);
  holder.addEventListener("pointerleave", hide, options);
  holder.addEventListener("focusin", (event) => {
    const area = areaOf(event);
    if (!area) return;
    // Tab comes back here, on whichever of the drawings the column shows after
    holder.querySelectorAll("[data-code]").forEach((other) => other.setAttribute("tabindex",
      other.dataset.code === area.dataset.code ? "0" : "-1"));
    zoom.reveal(area);
    const box = area.getBoundingClientRect();
    show(area, box.left + box.width / 2, box.top + box.height / 2);
  }, options);
  holder.addEventListener("focusout", hide, options);
  holder.addEventListener("click", (event) => {
    const area = areaOf(event);
    if (area && !dragged) open(area);
  }, options);
  holder.addEventListener("keydown", (event) => {
    const area = areaOf(event);
    if (!area) return;
    const box = area.getBoundingClientRect();
    if (event.key === "+" || event.key === "=" || event.key === "-" || event.key === "0") {
      event.preventDefault();
      if (event.key === "0") zoom.reset();
      else zoom.by(event.key === "-" ? 1 / ZOOM_STEP : ZOOM_STEP, box.left + box.width / 2, box.top + box.height / 2);
    } else if (event.shiftKey && event.key in DIRECTIONS) {
      event.preventDefault();
      const [dx, dy] = DIRECTIONS[event.key];
      zoom.pan(-dx * PAN_STEP_PX, -dy * PAN_STEP_PX);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      open(area);
    } else if (event.key === "Escape") {
      hide();
    } else if (event.key in DIRECTIONS || event.key === "Home" || event.key === "End") {
      event.preventDefault();
      const areas = area.closest("svg").querySelectorAll("[data-code]");
      const to = event.key === "Home" ? areas[0] : event.key === "End" ? areas[areas.length - 1]
        : nearestToward(area, DIRECTIONS[event.key], areas);
      if (to) to.focus();
    }
  }, options);
  finder.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const area = finder.found(zoom.shown());
    if (!area) return;
    zoom.closeIn(area);
    area.focus();
  }, options);
  return () => holder.listening.abort();
}

const ZOOM_STEP = 1.5;
const MAX_ZOOM = 8;  // unless the drawing says how far its labels need (data-max-zoom)
const PAN_STEP_PX = 60;
const FOUND_PX = 44;  // an area found by name is zoomed into until it is at least this wide or high on screen
const DIRECTIONS = { ArrowRight: [1, 0], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowUp: [0, -1] };
const SVG_NS = "http://www.w3.org/2000/svg";

// Where an area's label goes (data-at): the point the arrow keys measure from and the zoom centres on.
const labelPoint = (area) => area.dataset.at.split(" ").map(Number);

// Of `areas`, the nearest to `area` whose label point lies within 45° either side of the direction [dx, dy]:
// the four directions share the whole plane, so no area is out of every arrow's reach. None at the map's edge.
function nearestToward(area, [dx, dy], areas) {
  const [x, y] = labelPoint(area);
  let nearest = null;
  let distance = Infinity;
  areas.forEach((other) => {
    const [ox, oy] = labelPoint(other);
    const along = (ox - x) * dx + (oy - y) * dy;
    const across = Math.abs((ox - x) * dy - (oy - y) * dx);
    if (other !== area && along > 0 && across <= along && Math.hypot(ox - x, oy - y) < distance) {
      nearest = other;
      distance = Math.hypot(ox - x, oy - y);
    }
  });
  return nearest;
}

// The drawing's labels as the zoom leaves them: the same size on screen at any zoom (their size and halo divided
// by it), with those listed for a greater zoom (data-more: x, y, the zoom from which each fits, label, mark)
// written the first time and shown from their zoom on; a round target keeps its size on screen too.
function fitLabels(svg, scale) {
  if (!svg.labels) {
    const group = svg.querySelector("g.labels");
    const later = JSON.parse(group.dataset.more || "[]").map(([x, y, from, label, mark]) => {
      const text = document.createElementNS(SVG_NS, "text");
      text.setAttribute("x", x);
      text.setAttribute("y", y);
      [[label, "-0.525em"], [mark, "1.05em"]].forEach(([words, dy]) => {
        const line = document.createElementNS(SVG_NS, "tspan");
        line.setAttribute("x", x);
        line.setAttribute("dy", dy);
        line.textContent = words;
        text.appendChild(line);
      });
      group.appendChild(text);
      return [text, from];
    });
    const targets = [...svg.querySelectorAll("circle[data-target]")].map((circle) => [circle, Number(circle.getAttribute("r"))]);
    svg.labels = { group, size: Number(group.getAttribute("font-size")), halo: Number(group.getAttribute("stroke-width")),
      later, targets };
  }
  const { group, size, halo, later, targets } = svg.labels;
  group.setAttribute("font-size", size / scale);
  group.setAttribute("stroke-width", halo / scale);
  later.forEach(([text, from]) => { text.style.display = from <= scale * 1.001 ? "" : "none"; });
  targets.forEach(([circle, radius]) => circle.setAttribute("r", radius / scale));
}

// The zoom buttons under the map, and the view box of the drawing shown: zoomed about a point on the screen,
// panned by a distance on it, never out past the whole map nor in further than its greatest zoom. Zoomed, a finger
// drags the map (touch-action: none); at the whole map it scrolls the page as usual.
function zoomControls(holder) {
  const shown = () => [...holder.querySelectorAll("svg.borough-map")].find((svg) => svg.getClientRects().length);
  const whole = (svg) => {
    svg.whole = svg.whole || svg.getAttribute("viewBox").split(" ").map(Number);
    return svg.whole;
  };
  const viewOf = (svg) => svg.getAttribute("viewBox").split(" ").map(Number);
  const narrowest = (svg) => whole(svg)[2] / (Number(svg.dataset.maxZoom) || MAX_ZOOM);
  const set = (svg, [x, y, width, height]) => {
    const [, , fullWidth, fullHeight] = whole(svg);
    width = Math.min(fullWidth, Math.max(narrowest(svg), width));
    height = width * fullHeight / fullWidth;
    x = Math.min(fullWidth - width, Math.max(0, x));
    y = Math.min(fullHeight - height, Math.max(0, y));
    svg.setAttribute("viewBox", `${x} ${y} ${width} ${height}`);
    svg.style.touchAction = width < fullWidth ? "none" : "pan-x pan-y";
    fitLabels(svg, fullWidth / width);
  };
  const controls = {
    shown,
    zoomed: () => { const svg = shown(); return Boolean(svg) && viewOf(svg)[2] < whole(svg)[2]; },
    by: (factor, clientX, clientY) => {
      const svg = shown();
      if (!svg) return;
      const [x, y, width, height] = viewOf(svg);
      const box = svg.getBoundingClientRect();
      const px = x + (clientX - box.left) / box.width * width;
      const py = y + (clientY - box.top) / box.height * height;
      const scaled = Math.min(whole(svg)[2], Math.max(narrowest(svg), width / factor));
      const kept = scaled / width;
      set(svg, [px - (px - x) * kept, py - (py - y) * kept, scaled, height * kept]);
    },
    pan: (dx, dy) => {
      const svg = shown();
      if (!svg) return;
      const [x, y, width, height] = viewOf(svg);
      const perPixel = width / svg.getBoundingClientRect().width;
      set(svg, [x - dx * perPixel, y - dy * perPixel, width, height]);
    },
    reset: () => { const svg = shown(); if (svg) set(svg, whole(svg)); },
    // A zoomed map brings an area focused outside its view (or near its edge) to the middle.
    reveal: (area) => {
      const svg = area.closest("svg");
      const [x, y, width, height] = viewOf(svg);
      const [px, py] = labelPoint(area);
      const margin = width / 10;
      if (width < whole(svg)[2] && (px < x + margin || px > x + width - margin || py < y + margin || py > y + height - margin)) {
        set(svg, [px - width / 2, py - height / 2, width, height]);
      }
    },
    // An area found by name, in the middle of the view, zoomed into until it is FOUND_PX across on screen.
    closeIn: (area) => {
      const svg = area.closest("svg");
      const [, , width, height] = viewOf(svg);
      const box = area.getBoundingClientRect();
      const across = Math.max(box.width, box.height, 1);
      const scaled = across < FOUND_PX ? Math.max(narrowest(svg), width * across / FOUND_PX) : width;
      const [px, py] = labelPoint(area);
      set(svg, [px - scaled / 2, py - scaled * height / width / 2, scaled, scaled * height / width]);
    },
  };
  const bar = childOf(holder, "map-zoom");
  if (!bar.children.length) {
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Zoom the map");
    const centre = (act) => () => {
      const box = shown()?.getBoundingClientRect();
      if (box) act(box.left + box.width / 2, box.top + box.height / 2);
    };
    [["+", "Zoom in", centre((cx, cy) => controls.by(ZOOM_STEP, cx, cy))],
     ["−", "Zoom out", centre((cx, cy) => controls.by(1 / ZOOM_STEP, cx, cy))],
     ["Whole map", "Show the whole map", () => controls.reset()]].forEach(([text, label, act]) => {
      const button = Object.assign(document.createElement("button"), { type: "button", textContent: text });
      button.setAttribute("aria-label", label);
      button.addEventListener("click", act);
      bar.appendChild(button);
    });
  }
  return controls;
}

// "Find an area" under the map: a search field whose list offers every area's name, and a button (or Enter) that
// takes the focus to the area named, or says in the status line under it why none was.
let finders = 0;
function findControls(holder) {
  const box = childOf(holder, "map-find");
  if (!box.children.length) {
    finders += 1;
    const id = `map-find-${finders}`;
    const form = document.createElement("form");
    form.setAttribute("role", "search");
    const label = Object.assign(document.createElement("label"), { htmlFor: id, textContent: "Find an area" });
    const field = Object.assign(document.createElement("input"), { id, type: "text", autocomplete: "off", spellcheck: false });
    field.setAttribute("list", `${id}-names`);
    const names = Object.assign(document.createElement("datalist"), { id: `${id}-names` });
    const button = Object.assign(document.createElement("button"), { type: "submit", textContent: "Show" });
    button.setAttribute("aria-label", "Show the area on the map");
    const status = document.createElement("p");
    status.setAttribute("role", "status");
    form.append(label, field, names, button, status);
    box.appendChild(form);
  }
  const form = box.querySelector("form");
  const fold = (text) => text.toLowerCase().replace(/&/g, " and ").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const nameOf = (area) => area.dataset.tip.split("\n")[0];
  return {
    form,
    // The datalist: every area's name, from A to Z.
    list: (within) => {
      const names = [...new Set([...within.querySelectorAll("svg.borough-map [data-code]")].map(nameOf))];
      form.querySelector("datalist").replaceChildren(...names.sort((a, b) => a.localeCompare(b))
        .map((name) => Object.assign(document.createElement("option"), { value: name })));
    },
    // The area of the drawing shown whose name is the one typed, or the only one whose name holds it; else none,
    // and the status line says why.
    found: (svg) => {
      const status = form.querySelector("[role=status]");
      const typed = form.querySelector("input").value;
      const wanted = fold(typed);
      const areas = svg ? [...svg.querySelectorAll("[data-code]")] : [];
      const exact = areas.filter((area) => fold(nameOf(area)) === wanted);
      const matches = exact.length ? exact : areas.filter((area) => wanted && fold(nameOf(area)).includes(wanted));
      if (matches.length === 1 && wanted) {
        status.textContent = "";
        return matches[0];
      }
      const listed = matches.slice(0, 5).map(nameOf);
      status.textContent = !wanted ? "Type an area's name."
        : !matches.length ? `No area's name has “${typed.trim()}” in it.`
        : `${matches.length} areas' names have “${typed.trim()}” in them: ${listed.join(", ")}`
          + `${matches.length > listed.length ? " and more" : ""}. Type more of the name.`;
      return null;
    },
  };
}
