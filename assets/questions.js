// B3: hides a question until the earlier answer it depends on is given. Without this
// script every question is shown with a hint saying when to answer it, and the server
// ignores answers to questions whose condition is not met.
(function () {
  "use strict";
  var blocks = document.querySelectorAll("[data-show-if]");
  if (!blocks.length) return;
  function answered(name, value) {
    var inputs = document.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked && el.value === value : el.value === value) return true;
    }
    return false;
  }
  function visible(block) {
    if (!answered(block.getAttribute("data-show-if"), block.getAttribute("data-show-value"))) return false;
    var parent = document.querySelector('[data-question="' + block.getAttribute("data-show-if") + '"]');
    return !parent || !parent.hasAttribute("data-show-if") || visible(parent);
  }
  function update() {
    for (var i = 0; i < blocks.length; i++) {
      var show = visible(blocks[i]);
      blocks[i].hidden = !show;
      var hint = blocks[i].querySelector(".ren-condition");
      if (hint) hint.hidden = true;
    }
  }
  document.addEventListener("change", update);
  update();
})();
