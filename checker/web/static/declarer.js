/* conformite: the self-assessment form (/declarer), served as a file (the page's policy
   allows no inline script but its nonce'd data, no inline style).

   The page holds every section of the questionnaire (checker/web/templates/declarer.html);
   this script shows one at a time, names the fields of list items from where they stand,
   asks the server to read the answers as `conformite init` reads them (POST answer: the
   refusals and what each answer is written as) and to evaluate the whole draft (POST
   findings: the evaluation of POST /api/check), keeps the draft in this browser's
   localStorage (never on the server), and lets the form post itself for the YAML file once
   no answer is refused. Every text it shows comes from the server (the words in #cf-words,
   the messages in its answers); user text is only ever set as text, never as HTML. */
(function () {
  "use strict";

  var form = document.getElementById("declaration");
  if (!form) {
    return;
  }
  var WORDS = JSON.parse(document.getElementById("cf-words").textContent);
  var LANG = document.documentElement.lang === "en" ? "en" : "fr";
  var STORE = "conformite:declarer:v1";
  var MAX_INDEX = 999;
  var sections = Array.prototype.slice.call(form.querySelectorAll("[data-section]"));
  var state = {
    touched: {}, // fields the user has answered or left, by name: their messages are shown
    showAll: false, // after a download was asked for: every refusal is shown
    errors: {},
    written: {},
    checks: 0, // the latest validation asked for (older answers are dropped)
    evaluations: 0,
    section: null,
    saveWarned: false
  };

  // --- words -----------------------------------------------------------------------------

  function say(key, params) {
    var text = WORDS[key] || "";
    Object.keys(params || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(params[name]));
    });
    return text;
  }

  function counted(count, key) {
    var forms = (WORDS[key] || "").split("|");
    var one = forms.length > 1 ? forms[forms.length - 2] : forms[0];
    var many = forms[forms.length - 1];
    var singular = LANG === "fr" ? count < 2 : count === 1;
    return count + " " + (singular ? one : many);
  }

  function ident(name) {
    return "f-" + name.replace(/\./g, "-").replace(/\[/g, "-").replace(/\]/g, "");
  }

  function quoted(value) {
    return '"' + value.replace(/["\\]/g, "\\$&") + '"';
  }

  // --- structure: fields, lists, items, their names ---------------------------------------

  function owner(element) {
    return element.parentElement.closest("[data-item], [data-section]");
  }

  function ownPath(container) {
    return container.hasAttribute("data-item") ? container.dataset.path : container.dataset.section;
  }

  function children(container) {
    return Array.prototype.filter.call(container.querySelectorAll(".cf-field, .cf-list"), function (element) {
      return owner(element) === container;
    });
  }

  function itemsOf(list) {
    return Array.prototype.slice.call(list.querySelector("[data-items]").children);
  }

  function allFields() {
    return Array.prototype.slice.call(form.querySelectorAll(".cf-field"));
  }

  function renumber() {
    var checked = Array.prototype.slice.call(form.querySelectorAll("input[type=radio]:checked"));
    sections.forEach(function (section) {
      name(section, section.dataset.section);
    });
    checked.forEach(function (radio) {
      radio.checked = true; // a radio renamed into another group may have been unchecked
    });
  }

  function name(container, base) {
    children(container).forEach(function (element) {
      if (element.classList.contains("cf-list")) {
        var path = element.dataset.list ? base + "." + element.dataset.list : base;
        nameList(element, path);
        itemsOf(element).forEach(function (item, index) {
          item.dataset.path = path + "[" + index + "]";
          numbers(item, index + 1);
          name(item, item.dataset.path);
        });
      } else {
        nameField(element, base + "." + element.dataset.key);
      }
    });
  }

  function numbers(item, number) {
    var legend = item.querySelector(":scope > legend [data-number]");
    var remove = item.querySelector(":scope > .fr-fieldset__element > [data-remove] [data-number]");
    legend.textContent = number;
    remove.textContent = number;
  }

  function nameList(list, path) {
    var id = ident(path) + "-list";
    list.dataset.path = path;
    list.id = id;
    list.querySelector(":scope > [data-ref=list-legend]").id = id + "-legend";
    list.setAttribute("aria-labelledby", id + "-legend");
    list.querySelector(":scope > [data-ref=messages]").id = id + "-messages";
  }

  function nameField(field, fieldName) {
    var id = ident(fieldName);
    field.dataset.name = fieldName;
    field.querySelector("[data-ref=why]").id = id + "-why";
    field.querySelector("[data-ref=messages]").id = id + "-messages";
    if (field.dataset.kind === "bool") {
      field.id = id + "-group";
      field.querySelector("[data-ref=legend]").id = id + "-legend";
      field.setAttribute("aria-labelledby", id + "-legend " + id + "-messages");
      field.setAttribute("aria-describedby", id + "-why");
      field.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.name = fieldName;
        radio.id = id + "-" + radio.dataset.value;
        radio.nextElementSibling.htmlFor = radio.id;
      });
      return;
    }
    var control = field.querySelector("[data-ref=control]");
    control.id = id;
    control.name = fieldName;
    control.setAttribute("aria-describedby", id + "-why " + id + "-messages");
    field.querySelector("label").htmlFor = id;
  }

  function addItem(list) {
    var template = list.querySelector(":scope > template[data-item-template]");
    var item = template.content.firstElementChild.cloneNode(true);
    list.querySelector("[data-items]").appendChild(item);
    return item;
  }

  // --- values --------------------------------------------------------------------------------

  function valueOf(field) {
    if (field.dataset.kind === "bool") {
      var checked = field.querySelector("input[type=radio]:checked");
      return checked ? checked.value : "";
    }
    return field.querySelector("[data-ref=control]").value;
  }

  function setValue(field, value) {
    if (field.dataset.kind === "bool") {
      field.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.checked = radio.value === value;
      });
      return;
    }
    var control = field.querySelector("[data-ref=control]");
    if (control.tagName === "SELECT" && value && !Array.prototype.some.call(control.options, function (o) {
      return o.value === value;
    })) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value; // a choice the questions refuse: shown as written, and refused
      control.appendChild(option);
    }
    control.value = value;
  }

  function isOff(element) {
    return Boolean(element.closest("[data-off]"));
  }

  function collect(all) {
    var answers = {};
    allFields().forEach(function (field) {
      if (all || !isOff(field)) {
        answers[field.dataset.name] = valueOf(field);
      }
    });
    return answers;
  }

  function hasAnswers() {
    return allFields().some(function (field) {
      return valueOf(field) !== "";
    }) || form.querySelector("[data-item]") !== null;
  }

  function fieldNamed(fieldName) {
    return form.querySelector(".cf-field[data-name=" + quoted(fieldName) + "]");
  }

  function listAt(path) {
    return form.querySelector(".cf-list[data-path=" + quoted(path) + "]");
  }

  // --- conditions: a question that waits for a sibling's answer ----------------------------

  function conditions() {
    form.querySelectorAll("[data-when], [data-unless]").forEach(function (element) {
      var base = ownPath(owner(element));
      var on = true;
      if (element.dataset.when) {
        var sibling = fieldNamed(base + "." + element.dataset.when);
        var value = sibling && !isOff(sibling) ? valueOf(sibling).trim() : "";
        on = value !== "" && value !== "false";
      }
      (element.dataset.unless || "").split(" ").filter(Boolean).forEach(function (key) {
        var other = fieldNamed(base + "." + key);
        if (other && valueOf(other).trim() !== "") {
          on = false;
        }
      });
      element.hidden = !on;
      if (on) {
        delete element.dataset.off;
      } else {
        element.dataset.off = "1";
      }
    });
    form.querySelectorAll("input, select").forEach(function (control) {
      control.disabled = isOff(control); // a question not asked is not sent
    });
  }

  // --- the draft, kept in this browser --------------------------------------------------------

  function save() {
    try {
      var now = new Date();
      window.localStorage.setItem(STORE, JSON.stringify({
        saved: now.toISOString(),
        section: state.section,
        answers: collect(true)
      }));
      document.getElementById("cf-saved").textContent = say("draft.saved", {
        time: now.toLocaleTimeString(LANG === "fr" ? "fr-FR" : "en-GB", {hour: "2-digit", minute: "2-digit"})
      });
    } catch (error) {
      if (!state.saveWarned) {
        state.saveWarned = true;
        notice("warning", say("draft.unsaved"), []);
      }
    }
  }

  function stored() {
    try {
      var found = JSON.parse(window.localStorage.getItem(STORE) || "null");
      return found && typeof found.answers === "object" && found.answers ? found : null;
    } catch (error) {
      return null;
    }
  }

  function clear() {
    form.querySelectorAll("[data-items]").forEach(function (items) {
      items.textContent = "";
    });
    allFields().forEach(function (field) {
      setValue(field, "");
    });
    state.touched = {};
    state.showAll = false;
  }

  function load(answers) {
    clear();
    var names = Object.keys(answers).filter(function (n) {
      return typeof answers[n] === "string";
    });
    names.sort(function (a, b) {
      return a.length - b.length;
    });
    names.forEach(makeRoom);
    renumber();
    names.forEach(function (fieldName) {
      var field = fieldNamed(fieldName);
      if (field) {
        setValue(field, answers[fieldName]);
        if (answers[fieldName] !== "") {
          state.touched[fieldName] = true;
        }
      }
    });
  }

  function makeRoom(fieldName) {
    // every list on the way to a field has an item at its index
    var pattern = /\[(\d+)\]/g;
    var match = pattern.exec(fieldName);
    while (match) {
      var list = listAt(fieldName.slice(0, match.index));
      var index = Number(match[1]);
      if (!list || index > MAX_INDEX) {
        return;
      }
      if (itemsOf(list).length <= index) {
        while (itemsOf(list).length <= index) {
          addItem(list);
        }
        renumber();
      }
      match = pattern.exec(fieldName);
    }
  }

  // --- sections ----------------------------------------------------------------------------

  function show(key, focus) {
    var found = sections.some(function (section) {
      return section.dataset.section === key;
    });
    key = found ? key : sections[0].dataset.section;
    sections.forEach(function (section) {
      section.hidden = section.dataset.section !== key;
    });
    document.querySelectorAll(".cf-sections [data-goto]").forEach(function (link) {
      var current = link.dataset.goto === key;
      link.parentElement.classList.toggle("fr-sidemenu__item--active", current);
      if (current) {
        link.setAttribute("aria-current", "step");
      } else {
        link.removeAttribute("aria-current");
      }
    });
    state.section = key;
    if (focus) {
      var heading = document.getElementById("s-" + key + "-title");
      heading.focus();
    }
  }

  function goTo(key) {
    show(key, true);
    save();
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#s-" + key);
    }
  }

  function focusField(fieldName) {
    var field = fieldNamed(fieldName);
    var list = field ? null : listAt(fieldName);
    var element = field || list;
    if (!element || isOff(element)) {
      goTo(fieldName.split(/[.[]/)[0]);
      return;
    }
    show(element.closest("[data-section]").dataset.section, false);
    var target = list ? list.querySelector("[data-add]") :
      field.querySelector("input[type=radio]:checked") || field.querySelector("input, select");
    target.focus();
  }

  // --- messages beside the fields --------------------------------------------------------------

  function message(container, kind, text) {
    var wanted = text ? kind + "\u0000" + text : "";
    if (container.dataset.shown === wanted) {
      return; // unchanged: nothing said again to a screen reader
    }
    container.dataset.shown = wanted;
    container.textContent = "";
    if (text) {
      var line = document.createElement("p");
      line.className = "fr-message fr-message--" + kind;
      line.textContent = text;
      container.appendChild(line);
    }
  }

  function paint() {
    allFields().forEach(function (field) {
      var fieldName = field.dataset.name;
      var shown = state.showAll || state.touched[fieldName];
      var error = !isOff(field) && shown ? state.errors[fieldName] : null;
      var info = null;
      if (!error && shown && !isOff(field) && state.written[fieldName]) {
        info = say("written", {value: state.written[fieldName]});
      }
      marked(field, Boolean(error));
      message(field.querySelector("[data-ref=messages]"), error ? "error" : "info", error || info);
    });
    form.querySelectorAll(".cf-list").forEach(function (list) {
      var error = state.showAll || state.touched[list.dataset.path] ? state.errors[list.dataset.path] : null;
      list.classList.toggle("fr-fieldset--error", Boolean(error));
      message(list.querySelector(":scope > [data-ref=messages]"), "error", error);
    });
  }

  function marked(field, wrong) {
    var kind = field.dataset.kind;
    if (kind === "bool") {
      field.classList.toggle("fr-fieldset--error", wrong);
      return;
    }
    var control = field.querySelector("[data-ref=control]");
    var group = kind === "choice" ? "fr-select-group--error" : "fr-input-group--error";
    field.classList.toggle(group, wrong);
    control.classList.toggle(kind === "choice" ? "fr-select--error" : "fr-input--error", wrong);
    if (wrong) {
      control.setAttribute("aria-invalid", "true");
    } else {
      control.removeAttribute("aria-invalid");
    }
  }

  function refused() {
    // (name, message) of each refusal, in the order of the form; those with no field last
    var found = [];
    var seen = {};
    form.querySelectorAll(".cf-field, .cf-list").forEach(function (element) {
      var key = element.classList.contains("cf-list") ? element.dataset.path : element.dataset.name;
      if (!isOff(element) && state.errors[key]) {
        found.push([key, state.errors[key]]);
        seen[key] = true;
      }
    });
    Object.keys(state.errors).forEach(function (key) {
      if (!seen[key] && !fieldNamed(key) && !listAt(key)) {
        found.push([key, state.errors[key]]);
      }
    });
    return found;
  }

  function summary() {
    var box = document.getElementById("cf-errors");
    var found = refused();
    box.textContent = "";
    box.hidden = found.length === 0;
    if (!found.length) {
      return found;
    }
    var alert = document.createElement("div");
    alert.className = "fr-alert fr-alert--error fr-mb-3w";
    var title = document.createElement("h3");
    title.className = "fr-alert__title";
    title.textContent = say("errors.title", {count: counted(found.length, "count.errors")});
    alert.appendChild(title);
    var list = document.createElement("ul");
    found.forEach(function (pair) {
      var item = document.createElement("li");
      if (fieldNamed(pair[0]) || listAt(pair[0])) {
        var link = document.createElement("a");
        link.href = "#" + ident(pair[0]);
        link.dataset.field = pair[0];
        link.textContent = pair[0] + " : " + pair[1];
        item.appendChild(link);
      } else {
        item.textContent = pair[0] + " : " + pair[1];
      }
      list.appendChild(item);
    });
    alert.appendChild(list);
    box.appendChild(alert);
    return found;
  }

  // --- the server: answers read, findings, files ---------------------------------------------

  function post(url, body, type) {
    return window.fetch(url, {
      method: "POST",
      headers: {"Content-Type": type || "application/json", "Accept": "application/json"},
      body: body,
      credentials: "same-origin"
    }).then(answered);
  }

  function answered(response) {
    return response.json().catch(function () {
      return {detail: response.statusText};
    }).then(function (data) {
      if (!response.ok) {
        throw new Error(data.detail || String(response.status));
      }
      return data;
    });
  }

  function validate() {
    var number = ++state.checks;
    return post(form.dataset.answer, JSON.stringify({answers: collect(false)})).then(function (data) {
      if (number !== state.checks) {
        return;
      }
      state.errors = data.errors || {};
      state.written = data.written || {};
      paint();
      if (!document.getElementById("cf-errors").hidden) {
        summary(); // once shown, the list follows the corrections
      }
    });
  }

  function evaluate() {
    var number = ++state.evaluations;
    var panel = document.getElementById("cf-findings");
    var status = document.getElementById("cf-summary");
    panel.setAttribute("aria-busy", "true");
    return post(form.dataset.findings, JSON.stringify({answers: collect(false)})).then(function (data) {
      if (number !== state.evaluations) {
        return;
      }
      panel.innerHTML = data.html; // the server's template: every value escaped there
      panel.removeAttribute("aria-busy");
      if (status.textContent !== data.summary) {
        status.textContent = data.summary;
      }
      status.dataset.status = data.status || "";
    }).catch(function (error) {
      if (number === state.evaluations) {
        panel.removeAttribute("aria-busy");
        status.textContent = say("findings.failed", {detail: error.message});
        status.dataset.status = "";
      }
    });
  }

  var timers = {};

  function later(key, action, delay) {
    window.clearTimeout(timers[key]);
    timers[key] = window.setTimeout(action, delay);
  }

  function changed() {
    conditions();
    save();
    later("check", function () {
      validate().catch(failed);
    }, 200);
    later("findings", evaluate, 600);
  }

  function notice(kind, text, lines) {
    var box = document.getElementById("cf-notices");
    box.textContent = "";
    if (!text) {
      return;
    }
    var alert = document.createElement("div");
    alert.className = "fr-alert fr-alert--sm fr-mb-3w fr-alert--" + kind;
    var first = document.createElement("p");
    first.textContent = text;
    alert.appendChild(first);
    if (lines.length) {
      var list = document.createElement("ul");
      lines.forEach(function (line) {
        var item = document.createElement("li");
        item.textContent = line;
        list.appendChild(item);
      });
      alert.appendChild(list);
    }
    box.appendChild(alert);
  }

  function replaceWith(data, source) {
    if (hasAnswers() && !window.confirm(say("confirm_replace"))) {
      return;
    }
    load(data.answers || {});
    conditions();
    save();
    var dropped = data.dropped || [];
    notice("info", say("imported", {source: source}), dropped.length ? [say("dropped")].concat(dropped) : []);
    validate().catch(failed);
    evaluate();
  }

  function failed(error) {
    notice("error", error.message, []);
  }

  // --- events ----------------------------------------------------------------------------------

  form.addEventListener("input", function (event) {
    var field = event.target.closest(".cf-field");
    if (field) {
      state.touched[field.dataset.name] = true;
    }
    changed();
  });

  form.addEventListener("change", function (event) {
    var field = event.target.closest(".cf-field");
    if (field) {
      state.touched[field.dataset.name] = true;
    }
    changed();
  });

  form.addEventListener("keydown", function (event) {
    // Enter in an answer does not send the form (that asks for the file: its own button does)
    if (event.key === "Enter" && event.target.tagName === "INPUT") {
      event.preventDefault();
    }
  });

  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add]");
    var remove = event.target.closest("[data-remove]");
    if (add) {
      var list = add.closest(".cf-list");
      var item = addItem(list);
      renumber();
      conditions();
      state.touched[list.dataset.path] = true;
      changed();
      item.querySelector("input, select").focus();
    } else if (remove) {
      var gone = remove.closest("[data-item]");
      var owning = gone.closest(".cf-list");
      var next = gone.nextElementSibling || gone.previousElementSibling;
      gone.parentElement.removeChild(gone);
      renumber();
      changed();
      if (next) {
        next.querySelector(":scope > legend").focus();
      } else {
        owning.querySelector("[data-add]").focus();
      }
    }
  });

  document.addEventListener("click", function (event) {
    var goto = event.target.closest("[data-goto]");
    var link = event.target.closest("a[data-field]");
    if (goto) {
      event.preventDefault();
      goTo(goto.dataset.goto);
    } else if (link) {
      event.preventDefault();
      focusField(link.dataset.field);
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    state.showAll = true;
    validate().then(function () {
      var found = summary();
      if (found.length) {
        focusField(found[0][0]);
        return;
      }
      form.submit(); // the server answers the YAML file, to save
    }).catch(failed);
  });

  document.getElementById("cf-new").addEventListener("click", function () {
    if (hasAnswers() && !window.confirm(say("confirm_replace"))) {
      return;
    }
    clear();
    conditions();
    try {
      window.localStorage.removeItem(STORE);
    } catch (error) {
      // nothing kept: nothing to remove
    }
    document.getElementById("cf-errors").hidden = true;
    notice("info", say("draft.cleared"), []);
    goTo(sections[0].dataset.section);
    validate().catch(failed);
    evaluate();
  });

  document.getElementById("cf-file-use").addEventListener("click", function () {
    var input = document.getElementById("cf-file");
    var file = input.files && input.files[0];
    if (!file) {
      input.focus();
      return;
    }
    file.arrayBuffer().then(function (content) {
      return post(form.dataset.import, content, "application/yaml");
    }).then(function (data) {
      replaceWith(data, file.name);
    }).catch(failed);
  });

  var startup = document.getElementById("cf-startup-use");
  if (startup) {
    startup.addEventListener("click", function () {
      var id = document.getElementById("cf-startup").value.trim();
      if (!id) {
        document.getElementById("cf-startup").focus();
        return;
      }
      window.fetch(form.dataset.startup + "&id=" + encodeURIComponent(id), {
        headers: {"Accept": "application/json"},
        credentials: "same-origin"
      }).then(answered).then(function (data) {
        replaceWith(data, id);
      }).catch(failed);
    });
  }

  // --- start -----------------------------------------------------------------------------------

  renumber();
  var draft = stored();
  if (draft && Object.keys(draft.answers).some(function (key) {
    return draft.answers[key] !== "";
  })) {
    load(draft.answers);
    var when = new Date(draft.saved);
    var shownDate = isNaN(when.getTime()) ? "?" : when.toLocaleString(LANG === "fr" ? "fr-FR" : "en-GB");
    notice("info", say("draft.restored", {date: shownDate}), []);
  }
  conditions();
  var asked = window.location.hash.indexOf("#s-") === 0 ? window.location.hash.slice(3) : null;
  show(asked || (draft && draft.section) || sections[0].dataset.section, false);
  document.body.dataset.form = "ready";
  validate().then(function () {
    document.body.dataset.checked = "1";
  }).catch(failed);
  evaluate();
}());
