/* The report form: autosave, a backup in this browser, and the idle warning.
 *
 * The server is the source of truth: nothing is validated here. Every change is
 * first kept in localStorage (one key per user, report and section), then posted to
 * the section's autosave URL when the user leaves a field, and at least every
 * autosave interval while something is unsaved. A save refused because the session
 * ended stays in localStorage; when the user has logged in again and opens the form,
 * it is put back into the fields and saved at once.
 */
(function () {
  "use strict";

  var form = document.getElementById("section-form");
  if (!form || !form.dataset.autosaveUrl) {
    return;
  }
  var cfg = form.dataset;
  var text = JSON.parse(document.getElementById("report-form-messages").textContent);
  var baseInput = form.querySelector("[data-base-version]");
  var statusEl = form.querySelector("[data-save-status]");
  var banner = document.querySelector("[data-js-banner]");
  var SECTION_TEXT = ["zero_note", "narrative_done", "narrative_obstacles", "narrative_next"];

  var dirty = new Set(); // keys changed since the last successful save
  var inflight = null; // keys of the save under way, with what was sent
  var sent = null;
  var stopped = null; // "session", "conflict" or "locked": no more autosaves
  var submitAfterSave = false;
  var explicitSave = false; // "Save draft" pressed: say so when the save is done
  var lastActivity = Date.now();
  // Input kept on the server from a refused save and shown again: saved with the
  // user's next change, not behind their back.
  var restoredKeys = (cfg.restoredKeys || "").split(",").filter(Boolean);

  function fmt(template, params) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return params[name] === undefined ? "" : params[name];
    });
  }

  function hhmm(date) {
    return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
  }

  function setStatus(message) {
    if (statusEl) {
      statusEl.textContent = message;
    }
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    return form.elements.csrfmiddlewaretoken.value;
  }

  /* ---- what the fields hold ---- */

  function rowFor(code) {
    var rows = form.querySelectorAll("[data-field]");
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].dataset.field === code) {
        return rows[i];
      }
    }
    return null;
  }

  function keyOf(element) {
    var row = element.closest("[data-field]");
    if (row) {
      return "v:" + row.dataset.field;
    }
    return element.dataset.sectionField || null;
  }

  /* A field's raw text: the text input's, or the chosen radio's for yes/no. */
  function rawOf(row) {
    if (row.querySelector("[data-yes-no]")) {
      var chosen = row.querySelector("[data-raw-input]:checked");
      return chosen ? chosen.value : "";
    }
    return row.querySelector("[data-raw-input]").value;
  }

  function setRaw(row, raw) {
    if (!row.querySelector("[data-yes-no]")) {
      row.querySelector("[data-raw-input]").value = raw;
      return;
    }
    row.querySelectorAll("[data-raw-input]").forEach(function (radio) {
      radio.checked = radio.value === raw;
    });
  }

  /* The date picker fills the text input beside it, which stays what is sent. */
  function fromPicker(element) {
    if (element.matches("[data-date-picker]") && element.value) {
      element.closest("[data-field]").querySelector("[data-raw-input]").value =
        element.value;
    }
  }

  function entryOf(row) {
    var raw = rawOf(row);
    var na = row.querySelector("[data-na-input]").checked;
    if (!raw.trim()) {
      raw = "";
    }
    return {
      raw: raw,
      status: na ? "na" : raw ? "entered" : "blank",
      explanation: row.querySelector("[data-explanation-input]").value,
    };
  }

  function collect(keys) {
    var data = { values: {} };
    keys.forEach(function (key) {
      if (key.indexOf("v:") === 0) {
        var row = rowFor(key.slice(2));
        if (row) {
          data.values[key.slice(2)] = entryOf(row);
        }
      } else if (key === "is_zero_report") {
        data.is_zero_report = form.elements.is_zero_report.checked;
      } else if (SECTION_TEXT.indexOf(key) >= 0) {
        data[key] = form.elements[key].value;
      }
    });
    return data;
  }

  function put(data) {
    Object.keys(data.values || {}).forEach(function (code) {
      var row = rowFor(code);
      var entry = data.values[code];
      if (!row) {
        return;
      }
      setRaw(row, entry.raw || "");
      row.querySelector("[data-na-input]").checked = entry.status === "na";
      row.querySelector("[data-explanation-input]").value = entry.explanation || "";
      syncRow(row);
    });
    if ("is_zero_report" in data) {
      form.elements.is_zero_report.checked = !!data.is_zero_report;
      syncZero();
    }
    SECTION_TEXT.forEach(function (name) {
      if (name in data) {
        form.elements[name].value = data[name];
      }
    });
  }

  /* ---- the backup in this browser ---- */

  function unsavedKeys() {
    var keys = new Set(dirty);
    (inflight || []).forEach(function (key) {
      keys.add(key);
    });
    return Array.from(keys);
  }

  function writeBackup() {
    var keys = unsavedKeys();
    try {
      if (!keys.length) {
        localStorage.removeItem(cfg.storageKey);
        return;
      }
      localStorage.setItem(
        cfg.storageKey,
        JSON.stringify({
          base_version: Number(baseInput.value),
          keys: keys,
          data: collect(keys),
          at: Date.now(),
        })
      );
    } catch (error) {
      // Storage full or disabled: the save to the server still runs.
    }
  }

  function readBackup() {
    try {
      var backup = JSON.parse(localStorage.getItem(cfg.storageKey) || "null");
      return backup && backup.data && Array.isArray(backup.keys) ? backup : null;
    } catch (error) {
      return null;
    }
  }

  /* Does the page already stand for everything in the backup (saved meanwhile)? */
  function sameAsPage(data) {
    var values = data.values || {};
    var rowsSame = Object.keys(values).every(function (code) {
      var row = rowFor(code);
      var entry = values[code];
      return (
        !row ||
        ((entry.raw || "") === row.dataset.raw &&
          entry.status === row.dataset.status &&
          (entry.explanation || "") === row.dataset.explanation)
      );
    });
    var zeroSame =
      !("is_zero_report" in data) ||
      !!data.is_zero_report === form.elements.is_zero_report.defaultChecked;
    var textSame = SECTION_TEXT.every(function (name) {
      return !(name in data) || data[name] === form.elements[name].defaultValue;
    });
    return rowsSame && zeroSame && textSame;
  }

  function restore() {
    var backup = readBackup();
    if (!backup) {
      return;
    }
    if (sameAsPage(backup.data)) {
      localStorage.removeItem(cfg.storageKey);
      return;
    }
    put(backup.data);
    backup.keys.forEach(function (key) {
      dirty.add(key);
    });
    if (backup.base_version === Number(baseInput.value)) {
      showBanner(text.restored, null, null, "info");
      save();
    } else {
      showBanner(text.restored_stale, null, null, "info");
      setStatus(text.unsaved);
    }
  }

  /* ---- showing what the server said ---- */

  function showBanner(message, changes, link, kind) {
    if (!banner) {
      return;
    }
    banner.className = "alert mb-2 alert-" + (kind || "warning");
    banner.replaceChildren();
    var p = document.createElement("p");
    p.className = "mb-2";
    p.textContent = message;
    banner.appendChild(p);
    if (changes && changes.length) {
      var table = document.createElement("table");
      table.className = "table table-sm small mb-2";
      var head = table.createTHead().insertRow();
      [text.field, text.yours, text.theirs].forEach(function (label) {
        var th = document.createElement("th");
        th.scope = "col";
        th.textContent = label;
        head.appendChild(th);
      });
      var body = table.createTBody();
      changes.forEach(function (change) {
        var tr = body.insertRow();
        change.forEach(function (cell) {
          tr.insertCell().textContent = cell || "\u2014";
        });
      });
      banner.appendChild(table);
    }
    if (link) {
      var a = document.createElement("a");
      a.className = "btn btn-sm btn-primary";
      a.href = link.href;
      a.textContent = link.text;
      a.dataset.testid = "banner-link";
      banner.appendChild(a);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close float-end";
    close.setAttribute("aria-label", text.close);
    close.addEventListener("click", function () {
      banner.classList.add("d-none");
    });
    banner.prepend(close);
  }

  function syncRow(row) {
    var na = row.querySelector("[data-na-input]").checked;
    if (row.querySelector("[data-yes-no]")) {
      return; // the radios stay sent; "not applicable" is what counts
    }
    row.querySelector("[data-raw-input]").readOnly = na;
    var picker = row.querySelector("[data-date-picker]");
    if (picker) {
      picker.classList.remove("d-none");
      picker.disabled = na;
    }
  }

  function syncZero() {
    var note = form.querySelector("[data-zero-note]");
    note.classList.toggle("d-none", !form.elements.is_zero_report.checked);
  }

  // A field the last save refused is marked for screen readers too; its message sits
  // in the aria-live element its aria-describedby names.
  function markInvalid(input, invalid) {
    input.classList.toggle("is-invalid", invalid);
    if (invalid) {
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
  }

  function showField(code, field) {
    var row = rowFor(code);
    if (!row) {
      return;
    }
    var input = row.querySelector("[data-raw-input]");
    var mine = sent && sent.values[code];
    if (
      mine &&
      input.type === "text" &&
      !dirty.has("v:" + code) &&
      document.activeElement !== input &&
      input.value === mine.raw
    ) {
      input.value = field.value; // as understood: 1234 for what was typed as full-width
    }
    row.dataset.raw = field.raw;
    row.dataset.status = field.status;
    row.dataset.explanation = field.explanation;
    markInvalid(input, !!field.error);
    row.querySelector("[data-error]").textContent = field.error || "";

    var list = row.querySelector("[data-warnings]");
    list.replaceChildren();
    field.warnings.forEach(function (warning) {
      var li = document.createElement("li");
      li.textContent = "\u26a0 " + warning.message;
      if (warning.explained) {
        var badge = document.createElement("span");
        badge.className = "badge text-bg-light ms-1";
        badge.textContent = text.explained;
        li.appendChild(badge);
      }
      list.appendChild(li);
    });
    var explanation = row.querySelector("[data-explanation-input]");
    row
      .querySelector("[data-explanation-wrap]")
      .classList.toggle("d-none", !field.warnings.length && !explanation.value);
    markInvalid(explanation, !!field.explanation_error);
    row.querySelector("[data-explanation-error]").textContent =
      field.explanation_error || "";
    var comparison = row.querySelector("[data-field-comparison]");
    if (comparison && field.comparison_html !== undefined) {
      comparison.innerHTML = field.comparison_html; // last year and the change, as the page shows them
    }
  }

  /* Required or not follows the zero report as saved: the mark, aria-required and
   * what "Next problem" looks for. The mark is copied from the zero note's label,
   * which always has one. */
  function markRequired(label, input, required) {
    if (!label) {
      return;
    }
    var mark = label.querySelector("[data-required-mark]");
    var model = form.querySelector("label[for=zero_note] [data-required-mark]");
    if (required && !mark && model) {
      label.appendChild(model.cloneNode(true));
    } else if (!required && mark) {
      mark.remove();
    }
    if (input) {
      if (required) {
        input.setAttribute("aria-required", "true");
      } else {
        input.removeAttribute("aria-required");
      }
    }
  }

  function showRequired(required) {
    form.querySelectorAll("[data-field]").forEach(function (row) {
      row.toggleAttribute("data-required", required);
      var input = row.querySelector("[data-yes-no]") || row.querySelector("[data-raw-input]");
      markRequired(row.querySelector("label.form-label"), input, required);
    });
    var narrative = form.elements.narrative_done;
    narrative.toggleAttribute("data-required", required);
    markRequired(form.querySelector("label[for=narrative_done]"), narrative, required);
  }

  /* The checks panel and the section list, rendered by the server after the save. */
  function showChecks(answer) {
    var checks = document.querySelector("[data-section-checks]");
    if (checks && answer.checks_html !== undefined) {
      checks.innerHTML = answer.checks_html;
    }
    var notices = document.querySelector("[data-workflow-notices]");
    if (notices && answer.notices_html) {
      var fresh = document.createElement("template");
      fresh.innerHTML = answer.notices_html.trim();
      if (fresh.content.firstElementChild) {
        notices.replaceWith(fresh.content.firstElementChild);
      }
    }
    var nav = document.querySelector("[data-testid=section-nav]");
    if (nav && answer.nav_html) {
      var template = document.createElement("template");
      template.innerHTML = answer.nav_html.trim();
      if (template.content.firstElementChild) {
        nav.replaceWith(template.content.firstElementChild);
      }
    }
  }

  function showCompleteness(completeness) {
    function bar(name, percent) {
      document.querySelectorAll('[data-completeness="' + name + '"]').forEach(function (el) {
        el.style.width = percent + "%";
        if (el.textContent) {
          el.textContent = percent + "%";
        }
        el.parentElement.setAttribute("aria-valuenow", percent);
      });
    }
    var filled = document.querySelector("[data-section-filled]");
    if (filled) {
      filled.textContent = fmt(text.filled, completeness);
    }
    bar("report", completeness.report);
    bar("section", completeness.section);
    Object.keys(completeness.sections).forEach(function (code) {
      bar(code, completeness.sections[code]);
    });
  }

  function showSaved(answer) {
    baseInput.value = answer.version;
    touch();
    Object.keys(answer.fields).forEach(function (code) {
      showField(code, answer.fields[code]);
    });
    var zeroMissing = answer.section_issues.some(function (issue) {
      return issue.code === "zero_note_missing";
    });
    var zeroError = form.querySelector("[data-zero-note-error]");
    zeroError.textContent = zeroMissing ? text.zero_note : "";
    zeroError.classList.toggle("d-block", zeroMissing);
    markInvalid(form.elements.zero_note, zeroMissing);
    if (answer.required !== undefined) {
      showRequired(answer.required);
    }
    showChecks(answer);
    showCompleteness(answer.completeness);
    if (dirty.size) {
      setStatus(text.unsaved);
    } else if (explicitSave) {
      setStatus(fmt(text.draft_saved, { time: answer.saved_at }));
      // The input kept from an earlier refused save is saved now: its notice goes.
      document
        .querySelectorAll("[data-testid=pending-restored], [data-testid=conflict]")
        .forEach(function (notice) {
          notice.remove();
        });
    } else {
      setStatus(fmt(text.saved_at, { time: answer.saved_at }));
    }
  }

  /* ---- saving ---- */

  function requeue() {
    (inflight || []).forEach(function (key) {
      dirty.add(key);
    });
  }

  function sessionLost() {
    stopped = "session";
    hideModal();
    showBanner(text.session_lost, null, { href: cfg.loginUrl, text: text.log_in });
    setStatus(text.unsaved);
  }

  function conflict(details) {
    stopped = "conflict";
    var message = fmt(text.conflict, {
      name: details.changed_by || text.someone,
      time: details.changed_at,
    });
    showBanner(message, details.changes, { href: cfg.formUrl, text: text.reload });
    setStatus(text.unsaved);
  }

  function markRefused(errors) {
    form.querySelectorAll("[data-refused]").forEach(function (input) {
      input.classList.remove("is-invalid");
      input.removeAttribute("aria-invalid");
      input.removeAttribute("data-refused");
      input.removeAttribute("title");
    });
    Object.keys(errors).forEach(function (name) {
      form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach(function (input) {
        input.classList.add("is-invalid");
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("data-refused", "");
        input.setAttribute("title", errors[name]);
      });
    });
  }

  function isJson(response) {
    return (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
  }

  function handle(response) {
    // The idle timeout answers a redirect to the login page (or HX-Redirect).
    if (
      response.type === "opaqueredirect" ||
      response.status === 401 ||
      response.status === 204 ||
      response.redirected
    ) {
      requeue();
      sessionLost();
      return null;
    }
    if (response.status === 403 && isJson(response)) {
      return response.json().then(function (answer) {
        requeue();
        stopped = "locked";
        showBanner(answer.message);
        setStatus(text.unsaved);
      });
    }
    if (response.status === 403) {
      // CSRF refused: the user logged out and in again elsewhere.
      requeue();
      sessionLost();
      return null;
    }
    if (response.status === 400 && isJson(response)) {
      // Refused input (a control character, an over-long text): say which field and
      // why; the typed text stays in the form and is sent again once changed.
      return response.json().then(function (answer) {
        requeue();
        markRefused(answer.errors || {});
        setStatus(answer.message || text.failed);
      });
    }
    if (response.status === 409 && isJson(response)) {
      return response.json().then(function (answer) {
        requeue();
        conflict(answer.conflict);
      });
    }
    if (response.ok && isJson(response)) {
      markRefused({});
      return response.json().then(showSaved);
    }
    requeue();
    setStatus(text.failed);
    return null;
  }

  function save(force) {
    if (inflight || stopped || (!dirty.size && force !== true)) {
      return;
    }
    inflight = Array.from(dirty);
    dirty.clear();
    sent = collect(inflight);
    writeBackup();
    setStatus(text.saving);
    var ok = false;
    fetch(cfg.autosaveUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrfToken(),
        "X-Requested-With": "XMLHttpRequest",
      },
      body: JSON.stringify({ base_version: Number(baseInput.value), data: sent }),
    })
      .then(function (response) {
        ok = response.ok;
        return handle(response);
      })
      .catch(function () {
        ok = false;
        requeue();
        setStatus(text.offline);
      })
      .then(function () {
        inflight = null;
        sent = null;
        writeBackup();
        if (submitAfterSave && !stopped) {
          submitAfterSave = false;
          form.requestSubmit();
        } else if (ok && dirty.size) {
          save();
        } else {
          explicitSave = false;
        }
      });
  }

  /* ---- events ---- */

  function adoptRestored() {
    restoredKeys.forEach(function (key) {
      dirty.add(key);
    });
    restoredKeys = [];
  }

  form.addEventListener("input", function (event) {
    fromPicker(event.target);
    var key = keyOf(event.target);
    if (key) {
      adoptRestored();
      dirty.add(key);
      setStatus(text.unsaved);
      writeBackup();
    }
  });

  form.addEventListener("change", function (event) {
    fromPicker(event.target);
    var key = keyOf(event.target);
    if (!key) {
      return;
    }
    if (event.target.matches("[data-na-input]")) {
      syncRow(event.target.closest("[data-field]"));
    }
    if (event.target.name === "is_zero_report") {
      syncZero();
    }
    adoptRestored();
    dirty.add(key);
    writeBackup();
    save();
  });

  form.addEventListener("focusout", function () {
    save();
  });

  /* "Save draft" saves in place through the autosave, keeping the page, its scroll
   * position and the focus; after a conflict or a lock the plain POST shows why. */
  form.addEventListener("submit", function (event) {
    adoptRestored();
    if (inflight) {
      event.preventDefault();
      explicitSave = true;
      submitAfterSave = true;
      return;
    }
    if (stopped === "session") {
      event.preventDefault();
      window.location.href = cfg.loginUrl;
      return;
    }
    if (!stopped) {
      event.preventDefault();
      explicitSave = true;
      save(true);
      return;
    }
    var changed = form.elements.js_changed;
    if (!changed) {
      changed = document.createElement("input");
      changed.type = "hidden";
      changed.name = "js_changed";
      form.appendChild(changed);
    }
    changed.value = Array.from(dirty).join(",");
    writeBackup();
  });

  window.setInterval(save, Number(cfg.autosaveInterval || 60) * 1000);

  /* ---- the idle warning ---- */

  var timeout = Number(cfg.idleTimeout || 1800);
  var warnBefore = Math.min(300, timeout / 2);
  var modalEl = document.getElementById("idle-modal");
  var modal =
    modalEl && window.bootstrap
      ? window.bootstrap.Modal.getOrCreateInstance(modalEl, {
          backdrop: "static",
          keyboard: false,
        })
      : null;
  var modalShown = false;

  function hideModal() {
    if (modal && modalShown) {
      modal.hide();
    }
    modalShown = false;
  }

  function touch() {
    lastActivity = Date.now();
    hideModal();
  }

  window.setInterval(function () {
    if (!modal || modalShown || stopped === "session") {
      return;
    }
    var idle = (Date.now() - lastActivity) / 1000;
    if (idle >= timeout - warnBefore) {
      var at = new Date(lastActivity + timeout * 1000);
      modalEl.querySelector("[data-idle-text]").textContent = fmt(text.signed_out_at, {
        time: hhmm(at),
      });
      modal.show();
      modalShown = true;
    }
  }, 1000);

  if (modalEl) {
    modalEl.querySelector("[data-keepalive]").addEventListener("click", function () {
      fetch(cfg.keepaliveUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
      })
        .then(function (response) {
          if (response.status === 204) {
            touch();
            save();
          } else {
            sessionLost();
          }
        })
        .catch(function () {
          hideModal();
          setStatus(text.offline);
        });
    });
  }

  /* "Next problem": the next field, after the focused one and round again, with an
   * error, an explanation still owed, or a required value left empty; when this
   * section has none, the first problem of another section in the checks panel. */
  function problemOf(row) {
    var input = row.querySelector("[data-raw-input]");
    var explanation = row.querySelector("[data-explanation-input]");
    if (input.classList.contains("is-invalid")) {
      return input;
    }
    var owed = row.querySelector("[data-warnings] li") && !explanation.value.trim();
    if (owed || explanation.classList.contains("is-invalid")) {
      return explanation;
    }
    var required = row.hasAttribute("data-required") && !form.elements.is_zero_report.checked;
    if (required && entryOf(row).status === "blank") {
      return row.querySelector("[data-raw-input]:checked") || input;
    }
    return null;
  }

  function problems() {
    var found = [];
    var zero = form.elements.is_zero_report.checked;
    var note = form.elements.zero_note;
    if (zero && !note.value.trim()) {
      found.push(note);
    }
    form.querySelectorAll("[data-field]").forEach(function (row) {
      var element = problemOf(row);
      if (element) {
        found.push(element);
      }
    });
    var narrative = form.elements.narrative_done;
    if (!zero && narrative.hasAttribute("aria-required") && !narrative.value.trim()) {
      found.push(narrative);
    }
    return found;
  }

  var lastProblem = null;

  function nextProblem(event) {
    var found = problems();
    // Clicking the button focuses it: count from the field it last led to.
    var current = event.currentTarget.contains(document.activeElement)
      ? lastProblem
      : document.activeElement;
    var next = found.find(function (element) {
      return current && current.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING;
    }) || found[0];
    if (!next) {
      var here = "section=" + form.elements.section.value + "#";
      var elsewhere = Array.prototype.find.call(
        document.querySelectorAll("[data-testid=form-checks] a[href]"),
        function (link) { return link.getAttribute("href").indexOf(here) === -1; }
      );
      if (elsewhere) {
        window.location.href = elsewhere.href;
      } else {
        setStatus(text.no_problem);
      }
      return;
    }
    lastProblem = next;
    next.scrollIntoView({ block: "center" });
    next.focus();
  }

  var nextButton = form.querySelector("[data-next-problem]");
  if (nextButton) {
    nextButton.addEventListener("click", nextProblem);
  }

  form.querySelectorAll("[data-field]").forEach(syncRow);
  restore();
})();
