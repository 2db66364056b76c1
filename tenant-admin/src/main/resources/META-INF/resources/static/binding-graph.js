// The binding graph (binding-graph.html), drawn from the page's own tables (which stay as the text alternative):
// dagre lays the environments out in ranks along the bindings, Cytoscape.js draws them; selecting an environment opens
// its page. Names come from the page's attributes and are drawn as canvas text, never parsed as HTML.
(function () {
  'use strict';
  var container = document.getElementById('graph-canvas');
  if (!container || !window.cytoscape || !window.dagre) { return; }
  var nodes = [];
  document.querySelectorAll('#graph-nodes tr[data-id]').forEach(function (tr) {
    nodes.push({ id: tr.getAttribute('data-id'), href: tr.getAttribute('data-href'), live: tr.getAttribute('data-live'),
      root: tr.getAttribute('data-root') === 'true' });
  });
  var edges = [];
  document.querySelectorAll('#graph-edges tr[data-from]').forEach(function (tr) {
    var pinned = tr.getAttribute('data-pinned');
    edges.push({ from: tr.getAttribute('data-from'), to: tr.getAttribute('data-to'),
      label: tr.getAttribute('data-name') + (pinned ? ' (v' + pinned + ')' : '') + (tr.getAttribute('data-follows') === 'true' ? ' ↪' : '') });
  });
  var width = 190;
  var height = 56;
  var g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 140, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(function () { return {}; });
  nodes.forEach(function (n) { g.setNode(n.id, { width: width, height: height }); });
  edges.forEach(function (e, i) {
    if (g.hasNode(e.from) && g.hasNode(e.to)) { g.setEdge(e.from, e.to, { width: 80, height: 16 }, 'b' + i); }
  });
  dagre.layout(g);
  var elements = nodes.map(function (n) {
    var p = g.node(n.id);
    return { group: 'nodes', data: { id: n.id, label: n.id + '\n' + n.live, href: n.href },
      position: { x: p.x, y: p.y }, classes: (n.root ? 'root' : '') + (n.href ? '' : ' missing') };
  });
  edges.forEach(function (e, i) {
    if (g.hasNode(e.from) && g.hasNode(e.to)) {
      elements.push({ group: 'edges', data: { id: 'b' + i, source: e.from, target: e.to, label: e.label } });
    }
  });
  var cy = cytoscape({
    container: container,
    elements: elements,
    layout: { name: 'preset', fit: true, padding: 24 },
    autoungrabify: true,
    maxZoom: 1.6,
    style: [
      { selector: 'node', style: { shape: 'round-rectangle', width: width, height: height, 'background-color': '#e8eef9',
        'border-color': '#14213d', 'border-width': 1, label: 'data(label)', 'text-wrap': 'wrap', 'text-max-width': width - 12,
        'text-valign': 'center', 'font-size': 12, color: '#1b1f24' } },
      { selector: 'node.root', style: { 'border-width': 3, 'background-color': '#d9f2e3' } },
      { selector: 'node.missing', style: { 'border-style': 'dashed', 'background-color': '#fdecea' } },
      { selector: 'edge', style: { width: 2, 'line-color': '#57606a', 'target-arrow-color': '#57606a', 'target-arrow-shape': 'triangle',
        'curve-style': 'bezier', label: 'data(label)', 'font-size': 11, 'text-background-color': '#ffffff',
        'text-background-opacity': 1, 'text-background-padding': 2, color: '#1b1f24' } }
    ]
  });
  cy.on('tap', 'node', function (evt) {
    var href = evt.target.data('href');
    if (href) { window.location.assign(href); }
  });
  container.cy = cy; // for the browser test, which clicks a node where it is drawn
  container.setAttribute('data-drawn', String(cy.nodes().length));
})();
