// The map component's zoom (ui/map_component.js, put after this script): the buttons under the map, the view box
// of the drawing shown, and its labels kept the same size on screen, with more written as they come to fit.
const ZOOM_STEP = 1.5;
const MAX_ZOOM = 8;  // unless the drawing says how far its labels need (data-max-zoom)
const FOUND_PX = 44;  // an area found by name is zoomed into until it is at least this wide or high on screen
const SVG_NS = "http://www.w3.org/2000/svg";

// Where an area's label goes (data-at): the point the arrow keys measure from and the zoom centres on.
const labelPoint = (area) => area.dataset.at.split(" ").map(Number);

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
