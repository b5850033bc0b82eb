// Long pickers (countries, languages) get a search box above them: typing narrows the list, on a
// phone as on a desk, so nobody scrolls through 200 names or needs ctrl-click for several.
// Markup: class "picker" on a <select> or on a checkbox list's container; the box's label comes
// from <body data-picker-label>. Without JavaScript the plain list still works.
document.addEventListener("DOMContentLoaded", () => {
  const label = document.body.dataset.pickerLabel || "Search";
  const normalise = (text) => text.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");

  const filterSelect = (select) => {
    // Hidden <option>s still show on some phones, so non-matching ones are taken out and put back
    // (in their first order: each kept option is appended again, ungrouped ones before the groups).
    const all = Array.from(select.querySelectorAll("option"));
    const groupOf = new Map(all.map((option) => [option, option.closest("optgroup")]));
    const firstGroup = select.querySelector("optgroup");
    return (query) => {
      const current = select.value;
      all.forEach((option) => {
        const keep = !query || option.value === "" || option.value === current || normalise(option.text).includes(query);
        if (!keep) {
          option.remove();
        } else if (groupOf.get(option)) {
          groupOf.get(option).appendChild(option);
        } else {
          select.insertBefore(option, firstGroup);
        }
      });
    };
  };

  const filterChecks = (container) => {
    const items = Array.from(container.querySelectorAll("input[type=checkbox]")).map((box) => box.closest("div, li") || box.parentElement);
    return (query) => {
      items.forEach((item) => {
        const box = item.querySelector("input");
        item.hidden = Boolean(query) && !box.checked && !normalise(item.textContent).includes(query);
      });
    };
  };

  document.querySelectorAll("select.picker, div.picker").forEach((picker) => {
    const apply = picker.tagName === "SELECT" ? filterSelect(picker) : filterChecks(picker);
    const search = document.createElement("input");
    search.type = "search";
    search.className = "picker-search";
    search.placeholder = label;
    search.setAttribute("aria-label", label);
    search.addEventListener("input", () => apply(normalise(search.value.trim())));
    picker.before(search);
  });
});
