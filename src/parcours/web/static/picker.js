// A job (or competency) field too long for a list (web/job_picker.py): a search box that
// proposes the jobs (competencies) matching the words typed, from the API's ranked search, as
// an ARIA 1.2 combobox. Without this script the box still works: the page reads the words sent.
"use strict";

(function () {
  const DELAY_MS = 150;
  const SHOWN = 10;

  // The value the form sends for a search hit, in the field's own form (ValueForm).
  function valueOf(input, hit) {
    const form = input.dataset.picker;
    if (form === "slug") return hit.referential_id + ":" + hit.id;
    if (form === "key" || hit.referential === input.dataset.home) return hit.id;
    return hit.referential + ":" + hit.id;
  }

  function setUp(input, index) {
    const name = input.name;
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    input.after(hidden);
    const list = document.createElement("ul");
    list.id = input.id + "-liste";
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels.length ? input.labels[0].textContent : name);
    list.hidden = true;
    hidden.after(list);
    const status = document.createElement("p");
    status.className = "sr-only";
    status.setAttribute("role", "status");
    list.after(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    let hits = [];
    let active = -1;
    let timer = 0;
    let asked = 0;

    // A chosen job travels in the hidden field; the box's words only while none is chosen.
    function choose(value, text) {
      hidden.name = value ? name : "";
      hidden.value = value;
      input.name = value ? "" : name;
      if (text !== undefined) input.value = text;
    }
    if (input.dataset.value) choose(input.dataset.value);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(position) {
      const items = list.children;
      if (!items.length) return;
      active = (position + items.length) % items.length;
      for (let i = 0; i < items.length; i += 1) {
        items[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function pickAt(position) {
      const hit = hits[position];
      if (!hit) return;
      choose(valueOf(input, hit), hit.label);
      close();
      status.textContent = hit.label;
    }

    function show(found, total) {
      hits = found;
      list.replaceChildren();
      found.forEach(function (hit, i) {
        const item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = hit.label;
        if (!input.dataset.scope) {
          const where = document.createElement("small");
          where.textContent = " — " + hit.referential;
          item.append(where);
        }
        // mousedown, not click: the box keeps the focus (no blur closing the list first).
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pickAt(i);
        });
        list.append(item);
      });
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      active = -1;
      status.textContent = found.length
        ? (input.dataset.found || "%s").replace("%s", String(total))
        : input.dataset.none || "";
    }

    function lookUp() {
      const words = input.value.trim();
      const ticket = (asked += 1);
      if (words.length < 2) {
        show([], 0);
        return;
      }
      const kind = input.dataset.kind || "job";
      const query = new URLSearchParams({ q: words, kind: kind, limit: String(SHOWN), prefix: "true" });
      if (input.dataset.scope) query.set("referential", input.dataset.scope);
      fetch("/api/v1/search?" + query.toString(), { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (ticket !== asked) return; // a later keystroke asked again
          const found = data && data.groups && data.groups[kind] ? data.groups[kind] : [];
          show(found, data && data.totals ? data.totals[kind] || 0 : 0);
        })
        .catch(function () {
          if (ticket === asked) show([], 0);
        });
    }

    input.addEventListener("input", function () {
      choose("");
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) {
          if (hits.length) {
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
          } else return;
        }
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault(); // choose, do not send the form yet
        pickAt(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
    input.dataset.ready = String(index);
  }

  function start() {
    document.querySelectorAll("input[data-picker]").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
