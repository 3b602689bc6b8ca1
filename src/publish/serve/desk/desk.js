// The desk works without this script (plain form posts). With it: problems and the
// preview follow the typing (checked on the server by the same code as `check`),
// tables get "add a row", and a Word document can be dropped on the import box.
(function () {
  "use strict";
  var form = document.getElementById("desk-form");
  if (form && window.fetch && window.FormData) {
    var timer = null, running = false, again = false;
    var check = function () {
      if (running) { again = true; return; }
      running = true;
      var data = new FormData(form);
      data.delete("photo_upload");
      data.set("action", "check");
      fetch(form.getAttribute("data-check"), {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-Jiebie-Csrf": form.elements.csrf.value }
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (result) {
        if (result) { show(result); }
      }).catch(function () {}).then(function () {
        running = false;
        if (again) { again = false; check(); }
      });
    };
    var schedule = function () { clearTimeout(timer); timer = setTimeout(check, 400); };
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    var text = function (tag, cls, words) {
      var el = document.createElement(tag);
      if (cls) { el.className = cls; }
      el.textContent = words;
      return el;
    };
    var show = function (result) {
      var fields = form.querySelectorAll("[data-field]");
      Array.prototype.forEach.call(fields, function (field) {
        var key = field.getAttribute("data-field");
        var box = field.querySelector(".problems");
        if (!box) { return; }
        box.textContent = "";
        var mine = result.problems.filter(function (p) { return p.field === key; });
        mine.forEach(function (p) {
          var line = text("p", p.severity, (p.severity === "error" ? "错误：" : "提醒：") + p.message);
          if (p.help) { line.appendChild(document.createElement("br")); line.appendChild(text("small", "", "修改建议：" + p.help)); }
          box.appendChild(line);
        });
        field.classList.toggle("has-problem", mine.length > 0);
        Array.prototype.forEach.call(field.querySelectorAll("input[type=text],input[type=date],select,textarea"), function (input) {
          if (mine.some(function (p) { return p.severity === "error"; })) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
        });
      });
      var summary = document.getElementById("summary");
      summary.textContent = "";
      var unplaced = result.problems.filter(function (p) { return !p.field; });
      if (result.errors || result.warnings) {
        summary.appendChild(text("h2", "", "检查结果：" + result.errors + " 个错误，" + result.warnings + " 个提醒"));
      }
      var placed = result.problems.filter(function (p) { return p.field; });
      if (placed.length) {
        var jumps = document.createElement("ul");
        jumps.className = "jump";
        placed.forEach(function (p) {
          var item = document.createElement("li");
          item.className = p.severity;
          var link = text("a", "", (p.label ? p.label + "：" : "") + p.message);
          link.href = "#f-" + p.field;
          item.appendChild(link);
          jumps.appendChild(item);
        });
        summary.appendChild(jumps);
      }
      if (unplaced.length) {
        var list = document.createElement("ul");
        unplaced.forEach(function (p) { list.appendChild(text("li", p.severity, p.message + (p.help ? "（修改建议：" + p.help + "）" : ""))); });
        summary.appendChild(list);
      }
      summary.classList.toggle("empty", !(result.errors || result.warnings));
      document.getElementById("save-state").textContent = result.errors
        ? "还有 " + result.errors + " 个错误：改正后才能发布，现在只能存为草稿。"
        : "没有发现错误。";
      // The preview is jiebie's own rendering of the body, sanitised as on the site.
      document.getElementById("preview").innerHTML = result.preview;
    };
    Array.prototype.forEach.call(form.querySelectorAll("table.rows"), function (table) {
      var button = text("button", "secondary", "添加一行");
      button.type = "button";
      button.addEventListener("click", function () {
        var body = table.tBodies[0];
        var last = body.rows[body.rows.length - 1];
        var copy = last.cloneNode(true);
        var index = body.rows.length;
        Array.prototype.forEach.call(copy.querySelectorAll("input,select"), function (input) {
          input.name = input.name.replace(/\.\d+\./, "." + index + ".");
          input.setAttribute("aria-label", (input.getAttribute("aria-label") || "").replace(/第\d+行/, "第" + (index + 1) + "行"));
          if (input.tagName === "SELECT") { input.selectedIndex = 0; } else { input.value = ""; }
        });
        body.appendChild(copy);
        var first = copy.querySelector("input,select");
        if (first) { first.focus(); }
      });
      table.parentNode.parentNode.insertBefore(button, table.parentNode.nextSibling);
    });
  }
  var drop = document.querySelector("[data-drop]");
  if (drop) {
    var file = drop.querySelector("input[type=file]");
    ["dragenter", "dragover"].forEach(function (e) { drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.add("over"); }); });
    ["dragleave", "drop"].forEach(function (e) { drop.addEventListener(e, function () { drop.classList.remove("over"); }); });
    drop.addEventListener("drop", function (ev) {
      ev.preventDefault();
      if (ev.dataTransfer && ev.dataTransfer.files.length) { file.files = ev.dataTransfer.files; drop.submit(); }
    });
  }
})();

// "复制到公众号": copies the preview as rich text (what the official-account editor takes).
(function () {
  "use strict";
  var button = document.getElementById("wechat-copy");
  var preview = document.getElementById("wechat-fragment");
  var said = document.getElementById("wechat-copied");
  if (!button || !preview || !document.execCommand) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var selection = window.getSelection();
    selection.removeAllRanges();
    var range = document.createRange();
    range.selectNodeContents(preview);
    selection.addRange(range);
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    said.textContent = done ? "已复制，可以到公众号编辑器里粘贴了。" : "没能自动复制：预览已选中，请按 Ctrl+C。";
  });
})();
