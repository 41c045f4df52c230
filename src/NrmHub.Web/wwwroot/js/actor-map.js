// Draws the referral graph with Cytoscape.js (npm, served from /lib). Blazor owns the data and the filters;
// this module only draws, highlights and reports clicks back through the DotNetObjectReference.
const libraries = ['lib/layout-base.js', 'lib/cose-base.js', 'lib/cytoscape.min.js', 'lib/cytoscape-fcose.js'];

let cy = null;
let resizeObserver = null;
let refitTimer = null;
let dotnet = null;

async function loadLibraries() {
  for (const src of libraries) {
    if (document.querySelector(`script[data-nrm-lib="${src}"]`)) continue;
    await new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.dataset.nrmLib = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.appendChild(script);
    });
  }
  if (!window.nrmFcoseRegistered) {
    window.cytoscape.use(window.cytoscapeFcose);
    window.nrmFcoseRegistered = true;
  }
}

// Node colours come with the data (one table in MapLegend.razor serves the nodes and the legend).
const style = [
  { selector: 'node', style: {
      'background-color': 'data(colour)',
      'border-width': 1, 'border-color': '#455a64',
      'label': 'data(label)', 'font-size': 12, 'color': '#1b1b1b',
      'text-valign': 'bottom', 'text-margin-y': 3,
      // Long short names (in Russian above all) wrap onto two lines instead of running into the next label.
      'text-wrap': 'wrap', 'text-max-width': 96,
      'text-background-color': '#ffffff', 'text-background-opacity': 0.9, 'text-background-padding': 1,
      'width': 20, 'height': 20 } },
  { selector: 'node.inactive', style: { 'border-style': 'dashed', 'opacity': 0.6 } },
  { selector: 'edge', style: {
      'width': 1.2, 'line-color': '#90a4ae', 'target-arrow-color': '#78909c',
      'target-arrow-shape': 'triangle', 'arrow-scale': 0.9, 'curve-style': 'bezier' } },
  { selector: '.faded', style: { 'opacity': 0.12 } },
  { selector: 'edge.path', style: { 'width': 3, 'line-color': '#3949ab', 'target-arrow-color': '#3949ab', 'opacity': 1 } },
  { selector: 'node.path', style: { 'border-width': 3, 'border-color': '#3949ab', 'opacity': 1 } },
  { selector: 'node:selected, node.chosen', style: { 'border-width': 4, 'border-color': '#c62828', 'width': 28, 'height': 28, 'z-index': 10 } }
];

// Labels count as part of each node's size, so fcose keeps them apart; a fixed seed keeps the picture the same between
// visits (people learn where an actor sits). Compact spacing keeps the fitted zoom high enough to read the labels;
// what fcose still lets touch is pushed apart afterwards.
function layout() {
  cy.layout({ name: 'fcose', quality: 'proof', animate: false, randomize: true, randomSeed: 7,
              nodeDimensionsIncludeLabels: true, nodeRepulsion: () => 12000, idealEdgeLength: () => 70,
              edgeElasticity: () => 0.45, nodeSeparation: 60, gravity: 0.35, numIter: 5000, padding: 12,
              packComponents: true }).run();
  separateLabels();
  cy.fit(undefined, 12);
}

function overlapOf(a, b) {
  const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  return dx > 0 && dy > 0 ? { dx, dy } : null;
}

// Moves the two nodes of every still-overlapping pair of label boxes apart along the shorter overlap, until none
// overlap (in model coordinates, so at any zoom).
function separateLabels() {
  const nodes = cy.nodes().toArray();
  const gap = 3;
  for (let pass = 0; pass < 200; pass++) {
    let moved = false;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        const o = overlapOf(a.boundingBox({ includeLabels: true }), b.boundingBox({ includeLabels: true }));
        if (!o) continue;
        moved = true;
        const pa = a.position(), pb = b.position();
        if (o.dx < o.dy) {
          const shift = (o.dx + gap) / 2 * (pa.x <= pb.x ? 1 : -1);
          a.position({ x: pa.x - shift, y: pa.y });
          b.position({ x: pb.x + shift, y: pb.y });
        } else {
          const shift = (o.dy + gap) / 2 * (pa.y <= pb.y ? 1 : -1);
          a.position({ x: pa.x, y: pa.y - shift });
          b.position({ x: pb.x, y: pb.y + shift });
        }
      }
    }
    if (!moved) break;
  }
}

// Pairs of labels whose boxes overlap as drawn now; a browser test asks for none at the default zoom.
function labelOverlaps() {
  const boxes = cy.nodes().map(n => ({ label: n.data('label'), box: n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }) }));
  const pairs = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].box, b = boxes[j].box;
      if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) pairs.push(`${boxes[i].label} / ${boxes[j].label}`);
    }
  }
  return pairs;
}

export async function render(container, elements, dotnetRef) {
  await loadLibraries();
  dotnet = dotnetRef;
  cy = window.cytoscape({ container, elements, style, wheelSensitivity: 0.3, minZoom: 0.2, maxZoom: 3 });
  cy.on('tap', 'node', evt => dotnet.invokeMethodAsync('SelectActor', Number(evt.target.data('actorId'))));
  layout();
  // A phone turned, a window narrowed, the card opened: whatever changes the box, the drawing is fitted to it again.
  resizeObserver = new ResizeObserver(() => {
    clearTimeout(refitTimer);
    refitTimer = setTimeout(refit, 100);
  });
  resizeObserver.observe(container);
  window.nrmActorMap = {
    nodeCount: () => cy.nodes().length,
    nodeLabels: () => cy.nodes().map(n => n.data('label')),
    labelOverlaps,
    // The label size a reader sees at the current zoom, in CSS pixels.
    renderedFontSize: () => 12 * cy.zoom(),
    zoom: () => cy.zoom(),
    // Whether every node is drawn inside the container (the drawing was fitted to its current box).
    allInside: () => cy.nodes().every(n => { const p = n.renderedPosition(); return p.x >= 0 && p.y >= 0 && p.x <= cy.width() && p.y <= cy.height(); }),
    width: () => cy.width(),
    edgeCount: () => cy.edges().length,
    pathEdgeCount: () => cy.edges('.path').length,
    // Page coordinates of a node, so a browser test can click it like a person would.
    pagePosition: label => {
      const node = cy.nodes().filter(n => n.data('label') === label || n.data('code') === label)[0];
      const box = container.getBoundingClientRect();
      const pos = node.renderedPosition();
      return { x: box.left + pos.x, y: box.top + pos.y };
    }
  };
}

export function update(elements) {
  if (!cy) return;
  cy.elements().remove();
  cy.add(elements);
  layout();
}

export function highlight(service) {
  if (!cy) return;
  cy.elements().removeClass('path faded');
  if (!service) return;
  const edges = cy.edges().filter(e => (e.data('services') || '').split(' ').includes(service));
  cy.elements().addClass('faded');
  edges.removeClass('faded').addClass('path');
  edges.connectedNodes().removeClass('faded').addClass('path');
}

export function choose(nodeId, centre) {
  if (!cy) return;
  cy.nodes().removeClass('chosen');
  const node = cy.getElementById(nodeId);
  if (node.nonempty()) {
    node.addClass('chosen');
    if (centre) cy.animate({ center: { eles: node } }, { duration: 200 });
  }
}

// The container changed size (the card opened or closed): redraw to the new box and fit every actor into it.
export function refit() {
  if (!cy) return;
  cy.resize();
  cy.fit(undefined, 16);
}

export function dispose() {
  if (resizeObserver) resizeObserver.disconnect();
  resizeObserver = null;
  clearTimeout(refitTimer);
  if (cy) cy.destroy();
  cy = null;
  dotnet = null;
}
