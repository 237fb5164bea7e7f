// Put before each figure component's script (ui/components.py): a figure drawn at each of the widths the
// server prepares, in a frame whose CSS (ui.components._sized_css) shows the one for the column's width.

// The element's own child of this class, made the first time.
const childOf = (parent, className) => parent.querySelector(`:scope > .${className}`)
  || parent.appendChild(Object.assign(document.createElement("div"), { className }));

// The SVGs, narrowest first, written into the element's frame when they have changed; says whether they had.
const drawSized = (parent, svgs) => {
  const sized = childOf(parent, "sized");
  const drawn = svgs.join("");
  if (sized.drawn === drawn) return false;
  sized.innerHTML = svgs.map((svg) => `<div>${svg}</div>`).join("");
  sized.drawn = drawn;
  return true;
};
