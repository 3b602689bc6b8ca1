/* jiebie full-text search: queries the static index in search/ (built by src/generate/search.rs).
 *
 * No framework, no other host. The index knows every character and every pair of adjacent
 * characters of each write-up, so any substring is found whatever a word segmenter would
 * have done. A query of one or two characters is answered exactly by one posting list; a
 * longer one intersects the lists of its character pairs and then checks each candidate's
 * text for the whole string. The core (JiebieSearch) also runs under Node for the tests.
 */
(function (global) {
  'use strict';

  var PAGE = 10;            // results shown per page
  var VERIFY_BATCH = 10;    // candidate documents fetched at once for checking
  var MAX_VERIFY = 40;      // candidates checked per page at most (bounds bytes per query)
  var MAX_GRAMS = 8;        // posting lists fetched per query term at most

  // Same list as search::is_separator in Rust: keep the two in step.
  function isSeparator(cp) {
    return cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0x1680 ||
      (cp >= 0x2000 && cp <= 0x200b) || cp === 0x2028 || cp === 0x2029 ||
      cp === 0x202f || cp === 0x205f || cp === 0x3000 || cp === 0xfeff;
  }

  // Same as search::fold_char: full-width ASCII to ASCII, ASCII to lower case.
  function foldCp(cp) {
    if (cp >= 0xff01 && cp <= 0xff5e) cp -= 0xfee0;
    if (cp >= 0x41 && cp <= 0x5a) cp += 0x20;
    return cp;
  }

  // Folds a string keeping its length in UTF-16 units (positions stay valid).
  function fold(text) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      out += (c >= 0xd800 && c <= 0xdfff) ? text[i] : String.fromCharCode(foldCp(c));
    }
    return out;
  }

  // Query terms: folded runs between separators.
  function terms(query) {
    var out = [];
    var current = '';
    var chars = Array.from(String(query || ''));
    for (var i = 0; i < chars.length; i++) {
      var cp = chars[i].codePointAt(0);
      if (isSeparator(cp)) {
        if (current) out.push(current);
        current = '';
      } else {
        current += fold(chars[i]);
      }
    }
    if (current) out.push(current);
    var seen = {};
    return out.filter(function (t) { return seen[t] ? false : (seen[t] = true); });
  }

  // The keys looked up for a term: itself when 1–2 characters (exact), else a spread of
  // its character pairs (a superset of the matches, checked against the text later).
  // Every pair, not only pairs that do not overlap: the rarest pair is often one that
  // spans two words (江保 in 长江保护), and it saves checking dozens of documents.
  function keysFor(term) {
    var cps = Array.from(term);
    if (cps.length <= 2) return { keys: [term], exact: true };
    var grams = [];
    for (var i = 0; i + 1 < cps.length; i++) grams.push(cps[i] + cps[i + 1]);
    if (grams.length > MAX_GRAMS) {
      var picked = [];
      for (var j = 0; j < MAX_GRAMS; j++) {
        picked.push(grams[Math.round(j * (grams.length - 1) / (MAX_GRAMS - 1))]);
      }
      grams = picked;
    }
    return { keys: grams.filter(function (g, k) { return grams.indexOf(g) === k; }), exact: false };
  }

  function utf8(text) {
    if (typeof TextEncoder !== 'undefined') return new TextEncoder().encode(text);
    return Buffer.from(text, 'utf8');
  }

  // FNV-1a 32 over UTF-8, as search::fnv1a.
  function fnv1a(text) {
    var bytes = utf8(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function shardKey(key) { return key.indexOf('t:') === 0 ? key.slice(2) : key; }

  // A posting list as search::encode_list writes it: base-64 digits of 5 bits (the 32
  // bit says another digit follows), the first number then the gaps; or "~", the first
  // number, and a bitmap of 6 numbers a digit. Numbers pass 2^32, so no bit operators
  // on them.
  var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var DIGIT = {};
  for (var d = 0; d < DIGITS.length; d++) DIGIT[DIGITS[d]] = d;

  function decode(text) {
    var at = 0;
    function number() {
      var value = 0, scale = 1, d;
      do {
        d = DIGIT[text[at++]];
        if (d === undefined) throw new Error('索引已损坏');
        value += (d & 31) * scale;
        scale *= 32;
      } while (d & 32);
      return value;
    }
    var out = [];
    if (text[0] === '~') {
      at = 1;
      var first = number();
      out.push(first);
      for (var i = 0; at < text.length; i++) {
        var bits = DIGIT[text[at++]];
        if (bits === undefined) throw new Error('索引已损坏');
        for (var j = 0; j < 6; j++) if (bits & (1 << j)) out.push(first + 1 + 6 * i + j);
      }
    } else {
      var n = 0;
      while (at < text.length) { n = out.length ? n + number() : number(); out.push(n); }
    }
    return out;
  }

  function intersect(a, b) {
    var out = [];
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

  function intersectAll(lists) {
    if (!lists.length) return [];
    lists = lists.slice().sort(function (a, b) { return a.length - b.length; });
    var acc = lists[0];
    for (var i = 1; i < lists.length && acc.length; i++) acc = intersect(acc, lists[i]);
    return acc;
  }

  function matches(doc, ts) {
    var hay = fold(doc.t + '\n' + doc.x);
    for (var i = 0; i < ts.length; i++) if (hay.indexOf(ts[i]) < 0) return false;
    return true;
  }

  // Segments of `text` with every occurrence of a term marked: [{text, mark}].
  function highlight(text, ts) {
    var folded = fold(text);
    var out = [];
    var pos = 0;
    while (pos < text.length) {
      var best = -1, len = 0;
      for (var i = 0; i < ts.length; i++) {
        var at = folded.indexOf(ts[i], pos);
        if (at >= 0 && (best < 0 || at < best || (at === best && ts[i].length > len))) { best = at; len = ts[i].length; }
      }
      if (best < 0) break;
      if (best > pos) out.push({ text: text.slice(pos, best), mark: false });
      out.push({ text: text.slice(best, best + len), mark: true });
      pos = best + len;
    }
    if (pos < text.length) out.push({ text: text.slice(pos), mark: false });
    return out;
  }

  // A window of the body around the first match (or its start), marked.
  function snippet(body, ts, width) {
    width = width || 120;
    var folded = fold(body);
    var first = -1;
    for (var i = 0; i < ts.length; i++) {
      var at = folded.indexOf(ts[i]);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    var start = first < 0 ? 0 : Math.max(0, first - 30);
    var c = body.charCodeAt(start);
    if (start > 0 && c >= 0xdc00 && c <= 0xdfff) start--;
    var end = Math.min(body.length, start + width);
    c = body.charCodeAt(end - 1);
    if (end < body.length && c >= 0xd800 && c <= 0xdbff) end++;
    var segs = highlight(body.slice(start, end).replace(/\s+/g, ' '), ts);
    if (start > 0) segs.unshift({ text: '……', mark: false });
    if (end < body.length) segs.push({ text: '……', mark: false });
    return segs;
  }

  /* The index reader. `fetchText(path)` resolves to the text of a file under search/. */
  function Engine(fetchText) {
    this.fetchText = fetchText;
    this.files = {};
  }
  Engine.prototype.json = function (path) {
    var self = this;
    if (!self.files[path]) {
      self.files[path] = self.fetchText(path).then(JSON.parse).catch(function (e) {
        delete self.files[path];
        throw e;
      });
    }
    return self.files[path];
  };
  Engine.prototype.meta = function () { return this.json('meta.json'); };
  Engine.prototype.postings = function (key) {
    var self = this;
    return self.meta().then(function (meta) {
      var n = fnv1a(shardKey(key)) % meta.shards;
      var name = n.toString(16);
      while (name.length < meta.digits) name = '0' + name;
      return self.json('idx/' + name + '.json');
    }).then(function (shard) {
      return Object.prototype.hasOwnProperty.call(shard, key) ? decode(shard[key]) : [];
    });
  };
  // Document n lives in docs/<n with its low `group` bits dropped>.json, by number.
  Engine.prototype.doc = function (n) {
    var self = this;
    return self.meta().then(function (meta) {
      return self.json('docs/' + Math.floor(n / Math.pow(2, meta.group)) + '.json');
    }).then(function (group) { return group[n]; });
  };

  // Starts a query; resolves to a Result to page through.
  Engine.prototype.query = function (q, filters) {
    var self = this;
    var ts = terms(q);
    filters = filters || {};
    if (!ts.length) return Promise.resolve(null);
    var exact = true;
    var keys = [];
    ts.forEach(function (t) {
      var k = keysFor(t);
      if (!k.exact) exact = false;
      keys = keys.concat(k.keys);
    });
    var filterKeys = [];
    if (filters.sector) filterKeys.push('s:' + filters.sector);
    if (filters.kind) filterKeys.push('k:' + filters.kind);
    if (filters.year) filterKeys.push('y:' + filters.year);
    return self.meta().then(function (meta) {
      if (meta.version !== 2) throw new Error('索引版本不符');
      return Promise.all([
        Promise.all(keys.concat(filterKeys).map(function (k) { return self.postings(k); })),
        Promise.all(keys.map(function (k) { return self.postings('t:' + k); }))
      ]);
    }).then(function (got) {
      var candidates = intersectAll(got[0]);
      var inTitle = intersect(intersectAll(got[1]), candidates);
      var titleSet = {};
      inTitle.forEach(function (n) { titleSet[n] = true; });
      // Title matches first, then the rest; each newest first (documents are numbered so).
      var order = inTitle.concat(candidates.filter(function (n) { return !titleSet[n]; }));
      return new Result(self, ts, order, exact);
    });
  };

  function Result(engine, ts, order, exact) {
    this.engine = engine;
    this.terms = ts;
    this.order = order;
    this.exact = exact;
    this.pos = 0;
    this.found = 0;
  }
  // Total matches when known (always for 1–2 character terms; else once all are checked).
  Result.prototype.total = function () {
    if (this.exact) return this.order.length;
    return this.pos >= this.order.length ? this.found : null;
  };
  Result.prototype.unchecked = function () { return this.order.length - this.pos; };
  Result.prototype.done = function () { return this.pos >= this.order.length; };
  // Next page of matches: [{n, doc}].
  Result.prototype.next = function () {
    var self = this;
    var out = [];
    var checked = 0;
    function step() {
      if (self.done() || out.length >= PAGE || (!self.exact && checked >= MAX_VERIFY)) {
        return Promise.resolve(out);
      }
      var size = self.exact ? PAGE - out.length : VERIFY_BATCH;
      var batch = self.order.slice(self.pos, self.pos + size);
      self.pos += batch.length;
      checked += batch.length;
      return Promise.all(batch.map(function (n) { return self.engine.doc(n); })).then(function (docs) {
        docs.forEach(function (doc, i) {
          if (self.exact || matches(doc, self.terms)) { out.push({ n: batch[i], doc: doc }); self.found++; }
        });
        return step();
      });
    }
    return step();
  };
  // Every match (tests and tools; the page fetches a page at a time).
  Result.prototype.all = function () {
    var self = this;
    var out = [];
    function step() {
      if (self.done()) return Promise.resolve(out);
      return self.next().then(function (page) { out = out.concat(page); return step(); });
    }
    return step();
  };

  var api = {
    fold: fold, terms: terms, keysFor: keysFor, fnv1a: fnv1a, decode: decode, highlight: highlight,
    snippet: snippet, matches: matches, Engine: Engine, PAGE: PAGE
  };
  global.JiebieSearch = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;

  /* ---- The search page ---- */
  if (typeof document === 'undefined') return;
  var list = document.getElementById('search-results');
  if (!list) return;
  var form = document.getElementById('search-form');
  var status = document.getElementById('search-status');
  var more = document.getElementById('search-more');
  var root = list.getAttribute('data-root') || './';
  var base = list.getAttribute('data-index') || 'search/';
  var engine = new Engine(function (path) {
    return fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(r.status + ' ' + path);
      return r.text();
    });
  });
  var current = null;
  var generation = 0;

  function append(parent, segments) {
    segments.forEach(function (s) {
      if (s.mark) {
        var m = document.createElement('mark');
        m.textContent = s.text;
        parent.appendChild(m);
      } else {
        parent.appendChild(document.createTextNode(s.text));
      }
    });
  }

  function show(items, ts) {
    items.forEach(function (item) {
      var d = item.doc;
      var li = document.createElement('li');
      var h = document.createElement('p');
      h.className = 'result-title';
      var a = document.createElement('a');
      a.href = root + d.u;
      append(a, highlight(d.t, ts));
      h.appendChild(a);
      var meta = document.createElement('p');
      meta.className = 'meta';
      var time = document.createElement('time');
      time.dateTime = d.d;
      time.textContent = d.d;
      meta.appendChild(document.createTextNode(d.s + ' · '));
      meta.appendChild(time);
      meta.appendChild(document.createTextNode(' · ' + d.k));
      var p = document.createElement('p');
      p.className = 'snippet';
      append(p, snippet(d.x, ts));
      li.appendChild(h);
      li.appendChild(meta);
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  function describe(result, q) {
    var total = result.total();
    var shown = list.children.length;
    if (total === 0) return '没有找到包含“' + q + '”的界别活动。请换个搜索词，或按活动时间线浏览。';
    if (total !== null) return '找到 ' + total + ' 篇包含“' + q + '”的界别活动' + (shown < total ? '，已显示 ' + shown + ' 篇。' : '。');
    return '已找到 ' + result.found + ' 篇包含“' + q + '”的界别活动，还有 ' + result.unchecked() + ' 篇待核对。';
  }

  function page() {
    var mine = generation;
    var result = current;
    more.hidden = true;
    return result.r.next().then(function (items) {
      if (mine !== generation) return;
      show(items, result.r.terms);
      status.textContent = describe(result.r, result.q);
      status.setAttribute('data-state', result.r.total() === 0 ? 'empty' : 'found');
      more.hidden = result.r.done();
    });
  }

  // Runs a query and shows its first page; resolves when the results are on the page.
  function run(q, filters) {
    var mine = ++generation;
    list.textContent = '';
    more.hidden = true;
    q = String(q || '').trim();
    if (!q) {
      status.textContent = '请输入要搜索的字词，例如“长江保护”或“养老”。';
      status.setAttribute('data-state', 'idle');
      return Promise.resolve();
    }
    status.textContent = '正在搜索……';
    status.setAttribute('data-state', 'busy');
    return engine.query(q, filters).then(function (r) {
      if (mine !== generation) return;
      if (!r) { status.textContent = '请输入要搜索的字词。'; return; }
      current = { r: r, q: q };
      return page();
    }).catch(function () {
      if (mine !== generation) return;
      status.textContent = '搜索索引读取失败，请稍后再试，或按活动时间线浏览。';
      status.setAttribute('data-state', 'error');
    });
  }

  function fromLocation() {
    var params = new URLSearchParams(global.location.search);
    var filters = { sector: params.get('sector') || '', kind: params.get('kind') || '', year: params.get('year') || '' };
    form.elements.q.value = params.get('q') || '';
    form.elements.sector.value = filters.sector;
    form.elements.kind.value = filters.kind;
    form.elements.year.value = filters.year;
    return run(params.get('q') || '', filters);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var params = new URLSearchParams();
    ['q', 'sector', 'kind', 'year'].forEach(function (name) {
      var v = form.elements[name].value.trim();
      if (v) params.set(name, v);
    });
    global.history.pushState(null, '', '?' + params.toString());
    fromLocation();
  });
  ['sector', 'kind', 'year'].forEach(function (name) {
    form.elements[name].addEventListener('change', function () {
      if (form.elements.q.value.trim()) form.requestSubmit();
    });
  });
  more.addEventListener('click', function () { if (current) page(); });
  global.addEventListener('popstate', fromLocation);
  global.jiebieSearchPage = { run: run, ready: fromLocation() };
})(typeof window !== 'undefined' ? window : globalThis);
