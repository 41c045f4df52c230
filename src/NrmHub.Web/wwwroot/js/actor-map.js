// Draws the referral graph with Cytoscape.js (npm, served from /lib). Blazor owns the data and the filters;
// this module only draws, highlights and reports clicks back through the DotNetObjectReference.
const libraries = ['lib/layout-base.js', 'lib/cose-base.js', 'lib/cytoscape.min.js', 'lib/cytoscape-fcose.js'];

const kindColours = {
  StateBody: '#90caf9', LawEnforcement: '#9fa8da', ProsecutionJudiciary: '#b39ddb', Ngo: '#a5d6a7',
  Shelter: '#ffcc80', InternationalOrganisation: '#80deea', Embassy: '#f48fb1', PrivateSector: '#e6ee9c',
  Hotline: '#ef9a9a', InformationCentre: '#bcaaa4'
};

let cy = null;
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

const style = [
  { selector: 'node', style: {
      'background-color': ele => kindColours[ele.data('kind')] || '#cfd8dc',
      'border-width': 1, 'border-color': '#455a64',
      'label': 'data(label)', 'font-size': 10, 'color': '#1b1b1b',
      'text-valign': 'bottom', 'text-margin-y': 3,
      'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': 1,
      'width': 22, 'height': 22 } },
  { selector: 'node.inactive', style: { 'border-style': 'dashed', 'opacity': 0.6 } },
  { selector: 'edge', style: {
      'width': 1.4, 'line-color': '#90a4ae', 'target-arrow-color': '#90a4ae',
      'target-arrow-shape': 'triangle', 'arrow-scale': 0.8, 'curve-style': 'bezier' } },
  { selector: '.faded', style: { 'opacity': 0.12 } },
  { selector: 'edge.path', style: { 'width': 3, 'line-color': '#3949ab', 'target-arrow-color': '#3949ab', 'opacity': 1 } },
  { selector: 'node.path', style: { 'border-width': 3, 'border-color': '#3949ab', 'opacity': 1 } },
  { selector: 'node:selected, node.chosen', style: { 'border-width': 4, 'border-color': '#c62828', 'width': 30, 'height': 30 } }
];

function layout() {
  cy.layout({ name: 'fcose', quality: 'default', animate: false, randomize: true, nodeRepulsion: 9000,
              idealEdgeLength: 80, nodeSeparation: 90, padding: 20 }).run();
}

export async function render(container, elements, dotnetRef) {
  await loadLibraries();
  dotnet = dotnetRef;
  cy = window.cytoscape({ container, elements, style, wheelSensitivity: 0.3, minZoom: 0.2, maxZoom: 3 });
  cy.on('tap', 'node', evt => dotnet.invokeMethodAsync('SelectActor', Number(evt.target.data('actorId'))));
  layout();
  window.nrmActorMap = {
    nodeCount: () => cy.nodes().length,
    nodeLabels: () => cy.nodes().map(n => n.data('label')),
    edgeCount: () => cy.edges().length,
    pathEdgeCount: () => cy.edges('.path').length,
    // Page coordinates of a node, so a browser test can click it like a person would.
    pagePosition: label => {
      const node = cy.nodes().filter(n => n.data('label') === label)[0];
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

export function choose(nodeId) {
  if (!cy) return;
  cy.nodes().removeClass('chosen');
  const node = cy.getElementById(nodeId);
  if (node.nonempty()) {
    node.addClass('chosen');
    cy.animate({ center: { eles: node } }, { duration: 200 });
  }
}

export function dispose() {
  if (cy) cy.destroy();
  cy = null;
  dotnet = null;
}
