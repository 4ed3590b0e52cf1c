/* Evidence uploads through htmx: a progress bar, refusals shown, the form reset.
 *
 * The server answers a refused upload or removal with the list fragment and its
 * reason: 422 (the file, the missing confirmation) or 403 (the report is locked).
 * htmx 2 swaps only 2xx answers by default, so those two are swapped here too, for
 * requests from an evidence panel only ([data-evidence]). Only the list is swapped,
 * never the upload form: a refused upload keeps its file and place chosen.
 */
(function () {
  "use strict";

  var SWAPPED = [403, 422];

  function uploadForm(element) {
    return element && element.closest ? element.closest("[data-evidence-upload]") : null;
  }

  function progressOf(form) {
    return form.querySelector("[data-evidence-progress]");
  }

  function setProgress(form, percent) {
    var progress = progressOf(form);
    if (!progress) {
      return;
    }
    progress.setAttribute("aria-valuenow", String(percent));
    progress.querySelector(".progress-bar").style.width = percent + "%";
  }

  function showError(form, show) {
    var error = form.querySelector("[data-evidence-error]");
    if (error) {
      error.textContent = show ? error.dataset.message : "";
      error.classList.toggle("d-none", !show);
    }
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.closest || !elt.closest("[data-evidence]")) {
      return;
    }
    if (SWAPPED.indexOf(event.detail.xhr.status) !== -1) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:beforeSend", function (event) {
    var form = uploadForm(event.target);
    if (!form) {
      return;
    }
    showError(form, false);
    setProgress(form, 0);
    progressOf(form).classList.remove("d-none");
    form.querySelector("button[type=submit]").disabled = true;
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = uploadForm(event.target);
    if (form && event.detail.lengthComputable && event.detail.total) {
      setProgress(form, Math.round((event.detail.loaded / event.detail.total) * 100));
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = uploadForm(event.target);
    if (!form) {
      return;
    }
    progressOf(form).classList.add("d-none");
    form.querySelector("button[type=submit]").disabled = false;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 200) {
      // The confirmation is given per upload: ask for it again with the next file.
      form.reset();
    } else if (SWAPPED.indexOf(status) === -1) {
      showError(form, true);
    }
    // Refused (the list says why): the file and where it goes stay chosen, so
    // that only what was wrong needs fixing.
  });
})();
