// The code editor, progressive enhancement only: without this file (or without JavaScript) the code form is
// one textarea per module and the version page plain <pre> blocks, and both work.
//
// With it, Monaco (the org.webjars.npm:monaco-editor webjar, served from the portal: never a CDN) turns the
// code form (form[data-code-editor]) into one editor with a tab per module: JavaScript highlighting, add,
// rename and remove a module, choose the main module, and the API's syntax errors marked at their line and
// column (the server renders them as data-error-line / data-error-column on the module's textarea). The
// textareas stay the form's fields: every edit is copied into them, so what is submitted is what the editor
// shows. On a version page ([data-code-view]) the modules' <pre> blocks are highlighted read-only.
(function () {
  'use strict';
  var VS = '/webjars/monaco-editor/min/vs';
  var loading = null;

  function loadMonaco() {
    if (window.monaco && window.monaco.editor) { return Promise.resolve(window.monaco); }
    if (loading) { return loading; }
    loading = new Promise(function (resolve, reject) {
      var css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = '/static/editor.css';
      document.head.appendChild(css);
      // Monaco's language workers, from the same origin (the CSP allows no blob: workers)
      window.MonacoEnvironment = { getWorkerUrl: function () { return VS + '/base/worker/workerMain.js'; } };
      var script = document.createElement('script');
      script.src = VS + '/loader.js';
      script.onload = function () {
        window.require.config({ paths: { vs: VS } });
        window.require(['vs/editor/editor.main'], function () {
          // Monaco keeps its AMD define() for its lazy language modules; hide define.amd so that UMD
          // libraries loaded later on the page (charts, graphs) still register as globals, not AMD modules
          if (window.define && window.define.amd) { delete window.define.amd; }
          resolve(window.monaco);
        }, reject);
      };
      script.onerror = function () { loading = null; reject(new Error('the code editor could not be loaded')); };
      document.head.appendChild(script);
    });
    return loading;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) { node.textContent = text; }
    return node;
  }

  var uid = 0;

  /** One module of the form: its hidden fieldset (path input + textarea), its Monaco model and its tab. */
  function Module(fieldset, monaco) {
    this.fieldset = fieldset;
    this.path = fieldset.querySelector('input[name="module_path"]');
    this.source = fieldset.querySelector('textarea[name="module_source"]');
    this.model = monaco.editor.createModel(this.source.value, 'javascript');
    this.error = null;
    var line = parseInt(this.source.getAttribute('data-error-line'), 10);
    var message = fieldset.querySelector('.error');
    if (message) {
      this.error = { message: message.textContent, line: line > 0 ? line : 0,
        column: parseInt(this.source.getAttribute('data-error-column'), 10) || 1 };
    }
    var self = this;
    this.model.onDidChangeContent(function () { self.source.value = self.model.getValue(); });
  }

  function markError(monaco, module) {
    var e = module.error;
    if (!e || !e.line || e.line > module.model.getLineCount()) { return; }
    var max = module.model.getLineMaxColumn(e.line);
    var column = Math.min(e.column, max);
    var word = module.model.getWordAtPosition({ lineNumber: e.line, column: column });
    var end = word ? word.endColumn : Math.min(column + 1, max);
    monaco.editor.setModelMarkers(module.model, 'edgeworks', [{ severity: monaco.MarkerSeverity.Error,
      message: e.message, startLineNumber: e.line, startColumn: column, endLineNumber: e.line, endColumn: Math.max(end, column + 1) }]);
    module.decorations = module.model.deltaDecorations([], [{
      range: new monaco.Range(e.line, 1, e.line, 1),
      options: { isWholeLine: true, className: 'code-error-line', linesDecorationsClassName: 'code-error-gutter',
        hoverMessage: { value: e.message } }
    }]);
    // the API's verdict is about the code as it was sent: it no longer holds once that module is edited
    var sub = module.model.onDidChangeContent(function () {
      monaco.editor.setModelMarkers(module.model, 'edgeworks', []);
      module.decorations = module.model.deltaDecorations(module.decorations || [], []);
      sub.dispose();
    });
  }

  function enhanceForm(form, monaco) {
    if (form.getAttribute('data-enhanced')) { return; }
    form.setAttribute('data-enhanced', 'true');
    var id = 'code-editor-' + (++uid);
    var mainInput = form.querySelector('input[name="main_module"]');
    var newModule = form.querySelector('details.new-module');
    var modules = [];
    form.querySelectorAll('fieldset.module').forEach(function (fs) {
      var m = new Module(fs, monaco);
      if (m.path.value.trim() === '' && m.source.value.trim() === '') { m.model.dispose(); return; }
      modules.push(m);
    });

    var box = el('div', { 'class': 'code-editor' });
    var tabs = el('div', { role: 'tablist', 'aria-label': 'Modules', 'class': 'code-tabs' });
    var tools = el('div', { 'class': 'code-tools row' });
    var pathField = el('div', { 'class': 'field' });
    pathField.appendChild(el('label', { 'for': id + '-path' }, 'Path of this module'));
    var pathInput = el('input', { id: id + '-path', type: 'text', spellcheck: 'false', autocomplete: 'off' });
    pathField.appendChild(pathInput);
    var makeMain = el('button', { type: 'button', id: id + '-main' }, 'Make it the main module');
    var remove = el('button', { type: 'button', id: id + '-remove' }, 'Remove this module');
    var add = el('button', { type: 'button', id: id + '-add' }, 'Add a module');
    [pathField, makeMain, remove, add].forEach(function (n) { tools.appendChild(n); });
    var panel = el('div', { role: 'tabpanel', id: id + '-panel', 'class': 'code-panel' });
    var errors = el('ul', { 'class': 'code-errors', 'aria-label': 'Errors in the modules' });
    box.appendChild(tabs);
    box.appendChild(tools);
    box.appendChild(panel);
    box.appendChild(errors);
    form.insertBefore(box, newModule || form.querySelector('fieldset.module'));
    form.classList.add('code-enhanced');

    var editor = monaco.editor.create(panel, { model: null, language: 'javascript', automaticLayout: true,
      minimap: { enabled: false }, scrollBeyondLastLine: false, tabSize: 2, fontSize: 14, fixedOverflowWidgets: true });
    var active = null;

    function isMain(m) { return mainInput && mainInput.value.trim() === m.path.value.trim(); }

    function label(m) {
      return (m.path.value.trim() || '(no path)') + (isMain(m) ? ' (main)' : '') + (m.error ? ' (error)' : '');
    }

    function render() {
      tabs.textContent = '';
      modules.forEach(function (m, i) {
        var tab = el('button', { type: 'button', role: 'tab', id: id + '-tab-' + i, 'aria-controls': panel.id,
          'aria-selected': String(m === active), tabindex: m === active ? '0' : '-1',
          'class': 'code-tab' + (m.error ? ' has-error' : '') }, label(m));
        tab.addEventListener('click', function () { select(m); m.tab.focus(); });
        tab.addEventListener('keydown', function (evt) {
          var step = evt.key === 'ArrowRight' ? 1 : evt.key === 'ArrowLeft' ? -1 : 0;
          if (!step) { return; }
          evt.preventDefault();
          select(modules[(i + step + modules.length) % modules.length]);
          tabs.querySelector('[aria-selected="true"]').focus();
        });
        m.tab = tab;
        tabs.appendChild(tab);
      });
      if (active) {
        panel.setAttribute('aria-labelledby', active.tab.id);
        pathInput.value = active.path.value;
        makeMain.disabled = isMain(active);
        remove.disabled = modules.length < 2;
      }
      errors.textContent = '';
      modules.forEach(function (m) {
        if (!m.error) { return; }
        var item = el('li', { 'class': 'error' });
        var where = m.error.line ? ' (line ' + m.error.line + ', column ' + m.error.column + ')' : '';
        var go = el('button', { type: 'button', 'class': 'link' }, 'Show ' + m.path.value + where);
        go.addEventListener('click', function () { select(m); reveal(m); editor.focus(); });
        item.appendChild(document.createTextNode(m.error.message + ' '));
        item.appendChild(go);
        errors.appendChild(item);
      });
    }

    function reveal(m) {
      if (m.error && m.error.line) {
        editor.setPosition({ lineNumber: m.error.line, column: m.error.column });
        editor.revealLineInCenter(m.error.line);
      }
    }

    function select(m) {
      active = m;
      editor.setModel(m.model);
      editor.updateOptions({ ariaLabel: 'Source of ' + (m.path.value || 'the new module') });
      render();
    }

    pathInput.addEventListener('input', function () {
      var before = active.path.value.trim();
      var wasMain = isMain(active);
      active.path.value = pathInput.value;
      if (wasMain && mainInput) { mainInput.value = pathInput.value.trim(); }
      if (before !== pathInput.value.trim()) { active.tab.textContent = label(active); }
      makeMain.disabled = isMain(active);
      editor.updateOptions({ ariaLabel: 'Source of ' + pathInput.value });
    });
    if (mainInput) { mainInput.addEventListener('input', function () { render(); }); }
    makeMain.addEventListener('click', function () {
      if (mainInput) { mainInput.value = active.path.value.trim(); }
      render();
      makeMain.disabled = true;
      active.tab.focus();
    });
    remove.addEventListener('click', function () {
      if (modules.length < 2) { return; }
      var i = modules.indexOf(active);
      var gone = modules.splice(i, 1)[0];
      var wasMain = isMain(gone);
      gone.fieldset.parentNode.removeChild(gone.fieldset);
      var next = modules[Math.min(i, modules.length - 1)];
      if (wasMain && mainInput) { mainInput.value = modules[0].path.value.trim(); }
      select(next);
      gone.model.dispose();
      active.tab.focus();
    });
    add.addEventListener('click', function () {
      var n = modules.length + 1;
      var taken = modules.map(function (m) { return m.path.value.trim(); });
      var path = 'module' + n + '.js';
      while (taken.indexOf(path) >= 0) { path = 'module' + (++n) + '.js'; }
      var k = ++uid;
      var fs = el('fieldset', { 'class': 'module' });
      fs.appendChild(el('legend', {}, 'Module ' + (modules.length + 1)));
      var pf = el('div', { 'class': 'field' });
      pf.appendChild(el('label', { 'for': 'module-path-added-' + k }, 'Path'));
      pf.appendChild(el('input', { id: 'module-path-added-' + k, name: 'module_path', value: path }));
      var sf = el('div', { 'class': 'field' });
      sf.appendChild(el('label', { 'for': 'module-source-added-' + k }, 'Source of the new module'));
      var ta = el('textarea', { id: 'module-source-added-' + k, name: 'module_source', rows: '6', spellcheck: 'false' });
      ta.value = 'export function hello() {\n  return "hello";\n}\n';
      sf.appendChild(ta);
      fs.appendChild(pf);
      fs.appendChild(sf);
      form.insertBefore(fs, newModule || box);
      var m = new Module(fs, monaco);
      modules.push(m);
      select(m);
      pathInput.focus();
      pathInput.select();
    });

    var first = modules.filter(function (m) { return m.error; })[0];
    modules.forEach(function (m) { markError(monaco, m); });
    select(first || modules.filter(isMain)[0] || modules[0]);
    if (first) { reveal(first); }
  }

  function enhanceView(view, monaco) {
    if (view.getAttribute('data-enhanced')) { return; }
    view.setAttribute('data-enhanced', 'true');
    view.querySelectorAll('pre.code > code').forEach(function (code) {
      code.setAttribute('data-lang', 'javascript');
      monaco.editor.colorizeElement(code, { tabSize: 2 }).then(function () { code.parentNode.classList.add('colorized'); });
    });
  }

  function enhance() {
    var forms = document.querySelectorAll('form[data-code-editor]:not([data-enhanced])');
    var views = document.querySelectorAll('[data-code-view]:not([data-enhanced])');
    if (!forms.length && !views.length) { return; }
    loadMonaco().then(function (monaco) {
      // editors of a page that htmx has swapped away
      monaco.editor.getEditors().forEach(function (e) { if (!document.body.contains(e.getContainerDomNode())) { e.dispose(); } });
      monaco.editor.getModels().forEach(function (m) { if (!m.isAttachedToEditor()) { m.dispose(); } });
      forms.forEach(function (f) { enhanceForm(f, monaco); });
      views.forEach(function (v) { enhanceView(v, monaco); });
      document.documentElement.setAttribute('data-code-editor-ready', 'true');
    }).catch(function (err) {
      // the textareas stay: the form still works
      if (window.console) { window.console.warn(err); }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    enhance();
    // pages that htmx swaps in (boosted links and forms)
    document.body.addEventListener('htmx:afterSettle', enhance);
  });
})();
