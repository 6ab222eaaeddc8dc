// Pactopedia's search suggestions, after Wikipedia's: as the user types, ask
// /w/api.php?action=opensearch and list matching titles under the box.
// Enter submits the form as usual unless a suggestion was highlighted with the arrow keys.
(function () {
  "use strict";

  const DEBOUNCE_MS = 100;
  const LIMIT = 10;

  const form = document.getElementById("searchform");
  const input = document.getElementById("searchInput");
  if (!form || !input) {
    return;
  }
  const field = input.parentElement;
  const listId = "searchInput-suggestions";

  let list = null;
  let options = [];
  let active = -1;
  let timer = null;
  let controller = null;
  let submitting = false;

  input.setAttribute("aria-autocomplete", "list");

  function fulltextUrl(query) {
    const params = new URLSearchParams({ search: query, title: "Special:Search", fulltext: "1" });
    return "/w/index.php?" + params.toString();
  }

  function close() {
    if (list) {
      list.remove();
    }
    list = null;
    options = [];
    active = -1;
    input.removeAttribute("aria-controls");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    options.forEach(function (option, i) {
      option.classList.toggle("is-active", i === index);
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function addOption(text, href, className) {
    const option = document.createElement("li");
    option.id = listId + "-" + options.length;
    option.className = className;
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.dataset.href = href;
    option.textContent = text;
    const index = options.length;
    option.addEventListener("mousemove", function () {
      if (active !== index) {
        highlight(index);
      }
    });
    option.addEventListener("click", function () {
      window.location.assign(href);
    });
    options.push(option);
    list.append(option);
  }

  function render(query, titles, urls) {
    close();
    list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search suggestions");
    // Keep the focus in the box while the mouse is on the list, so a click lands on an option.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    titles.forEach(function (title, i) {
      addOption(title, urls[i], "suggestion");
    });
    addOption('Search for pages containing "' + query + '"', fulltextUrl(query), "suggestion suggestion-fulltext");
    field.append(list);
    input.setAttribute("aria-controls", listId);
  }

  async function suggest(query) {
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    const params = new URLSearchParams({
      action: "opensearch",
      format: "json",
      limit: String(LIMIT),
      search: query,
    });
    try {
      const response = await fetch("/w/api.php?" + params.toString(), { signal: controller.signal });
      if (!response.ok) {
        return;
      }
      const data = await response.json();
      // Drop stale answers: the user typed on, left the box, or already submitted.
      if (submitting || input.value !== query || document.activeElement !== input) {
        return;
      }
      render(query, data[1], data[3]);
    } catch (error) {
      if (error.name !== "AbortError") {
        close();
      }
    }
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    const query = input.value;
    if (!query.trim()) {
      close();
      return;
    }
    timer = setTimeout(function () {
      suggest(query);
    }, DEBOUNCE_MS);
  });

  input.addEventListener("keydown", function (event) {
    if (event.isComposing) {
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!list) {
        if (input.value.trim()) {
          clearTimeout(timer);
          suggest(input.value);
        }
        return;
      }
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      // Cycle through the options and back to "nothing highlighted", as Wikipedia does.
      let next = active + step;
      if (next >= options.length) {
        next = -1;
      } else if (next < -1) {
        next = options.length - 1;
      }
      highlight(next);
    } else if (event.key === "Enter") {
      if (list && active >= 0) {
        event.preventDefault();
        const href = options[active].dataset.href;
        close();
        window.location.assign(href);
      }
      // Otherwise let the browser submit the form.
    } else if (event.key === "Escape") {
      if (list) {
        // Without this, Escape in a type=search box also clears what was typed.
        event.preventDefault();
        clearTimeout(timer);
        close();
      }
    }
  });

  input.addEventListener("blur", function () {
    clearTimeout(timer);
    close();
  });

  form.addEventListener("submit", function () {
    submitting = true;
    clearTimeout(timer);
    if (controller) {
      controller.abort();
    }
    close();
  });

  // A page restored from the back/forward cache must accept new searches.
  window.addEventListener("pageshow", function () {
    submitting = false;
  });
})();
