// The return page (templates/reporting/_return_form.html): an error beside a comment
// box goes away once the reviewer types in it, with its line in the list at the top,
// so the page no longer claims a fault that is already mended. A required box stays
// marked while it holds only spaces, and a box over its length while it is too long:
// the server would refuse those again.
(function () {
  "use strict";

  var form = document.querySelector("[data-return-form]");
  if (!form) {
    return;
  }

  function stillWrong(field) {
    if (field.required && !field.value.trim()) {
      return true;
    }
    return field.maxLength > 0 && field.value.length > field.maxLength;
  }

  function clearError(field) {
    var errorId = field.id + "_error";
    var error = document.getElementById(errorId);
    if (error) {
      error.remove();
    }
    field.classList.remove("is-invalid");
    field.removeAttribute("aria-invalid");
    var described = (field.getAttribute("aria-describedby") || "")
      .split(/\s+/)
      .filter(function (id) {
        return id && id !== errorId;
      });
    if (described.length) {
      field.setAttribute("aria-describedby", described.join(" "));
    } else {
      field.removeAttribute("aria-describedby");
    }
    var summary = form.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.querySelectorAll("li[data-error-for]").forEach(function (item) {
      if (item.getAttribute("data-error-for") === field.id) {
        var list = item.parentNode;
        item.remove();
        if (!list.children.length) {
          list.remove();
        }
      }
    });
    // Nothing left to mend: the summary goes too (a refusal of the whole return stays).
    if (!summary.querySelector("li, [data-non-field-error]")) {
      summary.remove();
    }
  }

  form.addEventListener("input", function (event) {
    var field = event.target;
    if (field.getAttribute("aria-invalid") !== "true" || stillWrong(field)) {
      return;
    }
    clearError(field);
  });
})();
