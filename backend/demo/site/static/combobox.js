// A select-only ARIA combobox built the way lightning-combobox and Headless UI's Listbox are:
// a <button role="combobox"> whose listbox is created when it opens (after a short "fetch",
// with a spinner) and removed when it closes. The chosen value goes into a hidden input.
(function () {
  "use strict";

  const LOAD_DELAY_MS = 150;

  function setup(root) {
    const button = root.querySelector("[role=combobox]");
    const hidden = root.querySelector("input[type=hidden]");
    const valueText = button.querySelector(".combobox-value");
    const labelId = button.getAttribute("aria-labelledby");
    const choices = JSON.parse(root.dataset.options);
    const listboxId = button.id + "-listbox";

    let dropdown = null;
    let listbox = null;
    let options = [];
    let active = -1;
    let loadTimer = null;
    let pendingHighlight = null;

    function selectedIndex() {
      return choices.findIndex(function (choice) {
        return choice.value === hidden.value;
      });
    }

    function highlight(index) {
      active = index;
      options.forEach(function (option, i) {
        option.classList.toggle("is-active", i === index);
      });
      if (index >= 0) {
        button.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        button.removeAttribute("aria-activedescendant");
      }
    }

    function renderOptions() {
      loadTimer = null;
      dropdown.replaceChildren();
      listbox = document.createElement("ul");
      listbox.id = listboxId;
      listbox.className = "combobox-listbox";
      listbox.setAttribute("role", "listbox");
      listbox.setAttribute("aria-labelledby", labelId);
      const selected = selectedIndex();
      options = choices.map(function (choice, i) {
        const option = document.createElement("li");
        option.id = button.id + "-option-" + choice.value;
        option.className = "combobox-option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", i === selected ? "true" : "false");
        option.dataset.value = choice.value;
        option.textContent = choice.label;
        option.addEventListener("mousemove", function () {
          if (active !== i) {
            highlight(i);
          }
        });
        option.addEventListener("click", function () {
          choose(i);
        });
        listbox.append(option);
        return option;
      });
      dropdown.append(listbox);
      button.setAttribute("aria-controls", listboxId);
      if (pendingHighlight === "first") {
        highlight(selected >= 0 ? selected : 0);
      } else if (pendingHighlight === "last") {
        highlight(selected >= 0 ? selected : options.length - 1);
      }
      pendingHighlight = null;
    }

    function open(initialHighlight) {
      if (dropdown) {
        return;
      }
      pendingHighlight = initialHighlight;
      button.setAttribute("aria-expanded", "true");
      dropdown = document.createElement("div");
      dropdown.className = "combobox-dropdown";
      // Keep the focus on the button: a click on an option must not blur it first.
      dropdown.addEventListener("mousedown", function (event) {
        event.preventDefault();
      });
      const spinner = document.createElement("div");
      spinner.className = "spinner";
      spinner.setAttribute("role", "status");
      const spinnerText = document.createElement("span");
      spinnerText.className = "visually-hidden";
      spinnerText.textContent = "Loading";
      spinner.append(spinnerText);
      dropdown.append(spinner);
      root.append(dropdown);
      loadTimer = setTimeout(renderOptions, LOAD_DELAY_MS);
    }

    function close() {
      clearTimeout(loadTimer);
      loadTimer = null;
      pendingHighlight = null;
      if (dropdown) {
        dropdown.remove();
      }
      dropdown = null;
      listbox = null;
      options = [];
      active = -1;
      button.setAttribute("aria-expanded", "false");
      button.removeAttribute("aria-controls");
      button.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
      const choice = choices[index];
      hidden.value = choice.value;
      valueText.textContent = choice.label;
      valueText.classList.remove("is-placeholder");
      close();
      button.focus();
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function move(step) {
      if (!listbox) {
        pendingHighlight = step > 0 ? "first" : "last";
        return;
      }
      const next = active < 0 ? (step > 0 ? 0 : options.length - 1) : active + step;
      highlight(Math.min(Math.max(next, 0), options.length - 1));
    }

    button.addEventListener("click", function () {
      if (dropdown) {
        close();
      } else {
        open(null);
      }
    });

    button.addEventListener("keydown", function (event) {
      const key = event.key;
      if (!dropdown) {
        if (key === "ArrowDown" || key === "Enter" || key === " ") {
          event.preventDefault();
          open("first");
        } else if (key === "ArrowUp") {
          event.preventDefault();
          open("last");
        }
        return;
      }
      if (key === "ArrowDown" || key === "ArrowUp") {
        event.preventDefault();
        move(key === "ArrowDown" ? 1 : -1);
      } else if (key === "Home" || key === "End") {
        event.preventDefault();
        if (listbox) {
          highlight(key === "Home" ? 0 : options.length - 1);
        }
      } else if (key === "Enter" || key === " ") {
        event.preventDefault();
        if (active >= 0) {
          choose(active);
        } else {
          close();
        }
      } else if (key === "Escape") {
        event.preventDefault();
        close();
      } else if (key === "Tab") {
        close();
      }
    });

    // A space activates a button on keyup; the keydown handler has already acted on it.
    button.addEventListener("keyup", function (event) {
      if (event.key === " ") {
        event.preventDefault();
      }
    });

    button.addEventListener("blur", close);

    document.addEventListener("mousedown", function (event) {
      if (dropdown && !root.contains(event.target)) {
        close();
      }
    });
  }

  document.querySelectorAll("[data-combobox]").forEach(setup);
})();
