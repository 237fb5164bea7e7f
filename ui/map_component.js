// A page's map of the boroughs (ui/components.show_map): the SVGs the server drew (figures/svg_maps.py,
// clickable), one for each width, in a frame whose CSS shows the one for the column; a tooltip for the
// borough pointed at or focused, its outline traced, and a click, Enter or Space on a borough sent back to
// the page as the trigger value `clicked` (the page's scroller, `data.scroller`, first put back at its top, so
// the page opened starts there). The map is one stop for the Tab key (the borough last focused); the arrow keys
// move between boroughs in the SVG's order (ONS codes), Home and End to the first and the last. It zooms by
// pinching, by its buttons and by the keys + and - (0 puts it back), and pans by dragging when zoomed or by
// Shift and the arrow keys: its labels grow with it. A round target over an area too small to touch
// (`data-target`) stands for that area.
// childOf and drawSized are ui/sized.js's, put before this script.
export default function ({ data, parentElement, setTriggerValue }) {
  const holder = childOf(parentElement, "map-holder");
  const redrawn = drawSized(holder, data.svgs);
  const tip = childOf(holder, "map-tip");
  tip.setAttribute("role", "tooltip");
  if (redrawn) tip.hidden = true;
  const traces = holder.querySelectorAll(".highlight path");
  const zoom = zoomControls(holder);

  const hide = () => {
    tip.hidden = true;
    traces.forEach((trace) => trace.removeAttribute("d"));
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
  const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

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
    const areas = [...area.closest("svg").querySelectorAll("[data-code]")];
    const at = areas.indexOf(area);
    const box = area.getBoundingClientRect();
    if (event.key === "+" || event.key === "=" || event.key === "-" || event.key === "0") {
      event.preventDefault();
      if (event.key === "0") zoom.reset();
      else zoom.by(event.key === "-" ? 1 / ZOOM_STEP : ZOOM_STEP, box.left + box.width / 2, box.top + box.height / 2);
    } else if (event.shiftKey && event.key in moves) {
      event.preventDefault();
      const step = PAN_STEP_PX * moves[event.key];
      zoom.pan(event.key === "ArrowLeft" || event.key === "ArrowRight" ? -step : 0,
        event.key === "ArrowUp" || event.key === "ArrowDown" ? -step : 0);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      open(area);
    } else if (event.key === "Escape") {
      hide();
    } else if (event.key in moves || event.key === "Home" || event.key === "End") {
      event.preventDefault();
      const to = event.key === "Home" ? 0 : event.key === "End" ? areas.length - 1
        : (at + moves[event.key] + areas.length) % areas.length;
      areas[to].focus();
    }
  }, options);
  return () => holder.listening.abort();
}

const ZOOM_STEP = 1.5;
const MAX_ZOOM = 8;
const PAN_STEP_PX = 60;

// The zoom buttons under the map, and the view box of the drawing shown: zoomed about a point on the screen,
// panned by a distance on it, never out past the whole map nor into more than MAX_ZOOM times. Zoomed, a finger
// drags the map (touch-action: none); at the whole map it scrolls the page as usual.
function zoomControls(holder) {
  const shown = () => [...holder.querySelectorAll("svg.borough-map")].find((svg) => svg.getClientRects().length);
  const whole = (svg) => {
    svg.whole = svg.whole || svg.getAttribute("viewBox").split(" ").map(Number);
    return svg.whole;
  };
  const viewOf = (svg) => svg.getAttribute("viewBox").split(" ").map(Number);
  const set = (svg, [x, y, width, height]) => {
    const [, , fullWidth, fullHeight] = whole(svg);
    width = Math.min(fullWidth, Math.max(fullWidth / MAX_ZOOM, width));
    height = width * fullHeight / fullWidth;
    x = Math.min(fullWidth - width, Math.max(0, x));
    y = Math.min(fullHeight - height, Math.max(0, y));
    svg.setAttribute("viewBox", `${x} ${y} ${width} ${height}`);
    svg.style.touchAction = width < fullWidth ? "none" : "pan-x pan-y";
  };
  const controls = {
    zoomed: () => { const svg = shown(); return Boolean(svg) && viewOf(svg)[2] < whole(svg)[2]; },
    by: (factor, clientX, clientY) => {
      const svg = shown();
      if (!svg) return;
      const [x, y, width, height] = viewOf(svg);
      const box = svg.getBoundingClientRect();
      const px = x + (clientX - box.left) / box.width * width;
      const py = y + (clientY - box.top) / box.height * height;
      const scaled = Math.min(whole(svg)[2], Math.max(whole(svg)[2] / MAX_ZOOM, width / factor));
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
