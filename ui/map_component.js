// A page's map of the boroughs (ui/components.show_map): the SVGs the server drew (figures/svg_maps.py,
// clickable), one for each width, in a frame whose CSS shows the one for the column; a tooltip for the
// borough pointed at or focused, its outline traced, and a click, Enter or Space on a borough sent back to
// the page as the trigger value `clicked`. The map is one stop for the Tab key (the borough last focused);
// the arrow keys move between boroughs in the SVG's order (ONS codes), Home and End to the first and the last.
// childOf and drawSized are ui/sized.js's, put before this script.
export default function ({ data, parentElement, setTriggerValue }) {
  const holder = childOf(parentElement, "map-holder");
  const redrawn = drawSized(holder, data.svgs);
  const tip = childOf(holder, "map-tip");
  tip.setAttribute("role", "tooltip");
  if (redrawn) tip.hidden = true;
  const traces = holder.querySelectorAll(".highlight path");

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
  const areaOf = (event) => event.target.closest && event.target.closest("[data-code]");
  const open = (area) => setTriggerValue("clicked", area.dataset.code);
  const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

  // Called again with each run's data, and cleaned up only when removed: the last call's listeners
  // are taken off before this call's go on, or a click would be sent once for every run since.
  if (holder.listening) holder.listening.abort();
  const listening = new AbortController();
  holder.listening = listening;
  const options = { signal: listening.signal };
  holder.addEventListener("pointermove", (event) => {
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
    if (area) open(area);
  }, options);
  holder.addEventListener("keydown", (event) => {
    const area = areaOf(event);
    if (!area) return;
    const areas = [...area.closest("svg").querySelectorAll("[data-code]")];
    const at = areas.indexOf(area);
    if (event.key === "Enter" || event.key === " ") {
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
