// The map component's search (ui/map_component.js, put after this script).
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
