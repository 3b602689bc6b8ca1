/* jiebie: font-size and high-contrast switches (适老化). Optional: without JavaScript the
   switches stay hidden and the site is read at its default size, in high contrast when
   the system asks for it (contrast.css has media="(prefers-contrast: more)").
   Loaded in <head> so the remembered choice applies before the first paint. */
(function () {
  "use strict";
  var root = document.documentElement;
  var FONT = "jiebie-font", CONTRAST = "jiebie-contrast";
  function load(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function save(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode: not remembered */ } }
  function sheet() { return document.getElementById("contrast-css"); }
  function systemWantsContrast() {
    return !!(window.matchMedia && window.matchMedia("(prefers-contrast: more)").matches);
  }
  function setFont(size) {
    if (size !== "m" && size !== "l") { size = "s"; }
    root.classList.remove("fs-m", "fs-l");
    if (size !== "s") { root.classList.add("fs-" + size); }
    var buttons = document.querySelectorAll("[data-font]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-font") === size));
    }
  }
  /* "on" and "off" are the reader's choice; anything else follows the system setting. */
  function setContrast(choice) {
    var link = sheet();
    if (link) { link.media = choice === "on" ? "all" : choice === "off" ? "not all" : "(prefers-contrast: more)"; }
    var on = choice === "on" || (choice !== "off" && systemWantsContrast());
    root.classList.toggle("hc", on);
    var buttons = document.querySelectorAll("[data-contrast]");
    for (var i = 0; i < buttons.length; i++) { buttons[i].setAttribute("aria-pressed", String(on)); }
  }
  root.classList.add("js");
  setFont(load(FONT));
  setContrast(load(CONTRAST));
  document.addEventListener("DOMContentLoaded", function () {
    setFont(load(FONT));
    setContrast(load(CONTRAST));
    document.addEventListener("click", function (event) {
      var target = event.target.closest && event.target.closest("[data-font], [data-contrast]");
      if (!target) { return; }
      if (target.hasAttribute("data-font")) {
        var size = target.getAttribute("data-font");
        save(FONT, size);
        setFont(size);
      } else {
        var choice = root.classList.contains("hc") ? "off" : "on";
        save(CONTRAST, choice);
        setContrast(choice);
      }
    });
  });
}());
