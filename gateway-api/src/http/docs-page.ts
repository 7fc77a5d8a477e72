/**
 * The browsable API reference at /docs: a small static page (no CDN, no external assets) whose
 * script renders the operations of /openapi.json. Served with a strict same-origin CSP.
 */

/** The HTML of /docs. */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>asylum-ledger gateway API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/docs.css">
</head>
<body>
<header><h1>asylum-ledger gateway API</h1><p id="info">Loading <a href="/openapi.json">/openapi.json</a> ...</p></header>
<main id="operations"></main>
<script src="/docs/docs.js"></script>
</body>
</html>
`;

/** The stylesheet of /docs. */
export const DOCS_CSS = `body{font-family:system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem;color:#1b1b1b}
details{border:1px solid #ccc;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}
summary{cursor:pointer;font-family:ui-monospace,monospace}
.m{display:inline-block;width:4.5rem;font-weight:bold;text-transform:uppercase}
.get{color:#0a6}.post{color:#05b}.delete{color:#c22}
pre{background:#f6f6f6;padding:.6rem;overflow:auto;max-height:30rem;font-size:.85rem}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
`;

/** The script of /docs: fetches the spec and renders one collapsible block per operation. */
export const DOCS_JS = `'use strict';
(function () {
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }
  function pre(value) { return el('pre', {}, [JSON.stringify(value, null, 2)]); }
  function parameters(op) {
    if (!op.parameters || op.parameters.length === 0) return el('span');
    var rows = op.parameters.map(function (p) {
      return el('tr', {}, [el('td', {}, [p.name]), el('td', {}, [p.in]), el('td', {}, [p.required ? 'required' : 'optional']),
        el('td', {}, [p.description || JSON.stringify(p.schema)])]);
    });
    return el('table', {}, [el('tr', {}, [el('th', {}, ['name']), el('th', {}, ['in']), el('th', {}, ['']), el('th', {}, ['schema'])])].concat(rows));
  }
  function operation(path, method, op) {
    var parts = [el('p', {}, [op.description || '']), el('h4', {}, ['Parameters']), parameters(op)];
    if (op.requestBody) parts.push(el('h4', {}, ['Request body']), pre(op.requestBody.content['application/json'].schema));
    parts.push(el('h4', {}, ['Responses']));
    Object.keys(op.responses).forEach(function (status) {
      var response = op.responses[status];
      parts.push(el('p', {}, [el('b', {}, [status]), ' ' + response.description]));
      if (response.content && response.content['application/json']) parts.push(pre(response.content['application/json'].schema));
    });
    var summary = el('summary', {}, [el('span', { class: 'm ' + method }, [method]), path + '  ', el('small', {}, [op.summary || ''])]);
    return el('details', { id: op.operationId }, [summary].concat(parts));
  }
  fetch('/openapi.json').then(function (r) { return r.json(); }).then(function (spec) {
    document.getElementById('info').textContent = spec.info.title + ' ' + spec.info.version + ': ' + spec.info.description;
    var main = document.getElementById('operations');
    Object.keys(spec.paths).forEach(function (path) {
      Object.keys(spec.paths[path]).forEach(function (method) { main.appendChild(operation(path, method, spec.paths[path][method])); });
    });
  }).catch(function (error) { document.getElementById('info').textContent = 'Could not load /openapi.json: ' + error; });
})();
`;
