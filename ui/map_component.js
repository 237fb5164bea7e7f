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
// childOf and drawSized are ui/sized.js's, zoomControls, labelPoint and ZOOM_STEP ui/map_zoom.js's, findControls
// ui/map_find.js's, all put before this script.
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

const PAN_STEP_PX = 60;
const DIRECTIONS = { ArrowRight: [1, 0], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowUp: [0, -1] };

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
