// Line icons (24x24, drawn with currentColor). Decorative: always aria-hidden, the text beside them speaks.

import { s } from './dom.js';

const SHAPES = {
  home: [['path', { d: 'M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z' }]],
  book: [['path', { d: 'M2 4h6a4 4 0 0 1 4 4v13a3 3 0 0 0-3-3H2z' }], ['path', { d: 'M22 4h-6a4 4 0 0 0-4 4v13a3 3 0 0 1 3-3h7z' }]],
  grid: [['rect', { x: 4, y: 4, width: 7, height: 7, rx: 1 }], ['rect', { x: 13, y: 4, width: 7, height: 7, rx: 1 }],
    ['rect', { x: 4, y: 13, width: 7, height: 7, rx: 1 }], ['rect', { x: 13, y: 13, width: 7, height: 7, rx: 1 }]],
  target: [['circle', { cx: 12, cy: 12, r: 9 }], ['circle', { cx: 12, cy: 12, r: 5 }], ['circle', { cx: 12, cy: 12, r: 1 }]],
  clipboard: [['rect', { x: 5, y: 4, width: 14, height: 17, rx: 2 }], ['path', { d: 'M9 4V2.5h6V4' }],
    ['path', { d: 'M9 10h6M9 14h6M9 18h3' }]],
  chart: [['path', { d: 'M3 21h18' }], ['path', { d: 'M7 17v-6M12 17V6M17 17v-9' }]],
  logout: [['path', { d: 'M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3' }], ['path', { d: 'M10 17l-5-5 5-5M5 12h11' }]],
  chevron: [['path', { d: 'M6 9l6 6 6-6' }]],
  info: [['circle', { cx: 12, cy: 12, r: 10 }], ['path', { d: 'M12 16v-5M12 8h.01' }]],
  check: [['path', { d: 'M5 12l5 5 9-10' }]],
  arrowLeft: [['path', { d: 'M19 12H5M11 18l-6-6 6-6' }]],
  arrowRight: [['path', { d: 'M5 12h14M13 6l6 6-6 6' }]],
  clock: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M12 7v5l3 2' }]],
  building: [['path', { d: 'M4 21V5a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v16M16 9h2a2 2 0 0 1 2 2v10M2 21h20M8 7h4M8 11h4M8 15h4' }]],
  mail: [['rect', { x: 3, y: 5, width: 18, height: 14, rx: 2 }], ['path', { d: 'M3 7l9 6 9-6' }]],
  alert: [['circle', { cx: 12, cy: 12, r: 10 }], ['path', { d: 'M12 7v6M12 16.5h.01' }]],
  search: [['circle', { cx: 11, cy: 11, r: 7 }], ['path', { d: 'M20 20l-4-4' }]],
  plus: [['path', { d: 'M12 5v14M5 12h14' }]],
  edit: [['path', { d: 'M4 20h4L19 9a2.8 2.8 0 0 0-4-4L4 16z' }], ['path', { d: 'M13.5 6.5l4 4' }]],
  users: [['circle', { cx: 9, cy: 8, r: 3.5 }], ['path', { d: 'M2.5 20a6.5 6.5 0 0 1 13 0' }],
    ['path', { d: 'M16 4.5a3.5 3.5 0 0 1 0 7M18 14a6.5 6.5 0 0 1 3.5 6' }]],
  user: [['circle', { cx: 12, cy: 8, r: 4 }], ['path', { d: 'M4 21a8 8 0 0 1 16 0' }]],
  upload: [['path', { d: 'M12 16V4M7 9l5-5 5 5' }], ['path', { d: 'M4 16v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3' }]],
  download: [['path', { d: 'M12 4v12M7 11l5 5 5-5' }], ['path', { d: 'M4 16v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3' }]],
  tree: [['rect', { x: 9, y: 3, width: 6, height: 5, rx: 1 }], ['rect', { x: 3, y: 16, width: 6, height: 5, rx: 1 }],
    ['rect', { x: 15, y: 16, width: 6, height: 5, rx: 1 }], ['path', { d: 'M12 8v4M6 16v-4h12v4' }]],
  send: [['path', { d: 'M21 3 10 14' }], ['path', { d: 'M21 3l-7 18-4-7-7-4z' }]],
  key: [['circle', { cx: 8, cy: 15, r: 4 }], ['path', { d: 'M11 12l9-9M17 6l3 3M14 9l2 2' }]],
  x: [['path', { d: 'M6 6l12 12M18 6 6 18' }]],
  dot: [['circle', { cx: 12, cy: 12, r: 3.5 }]],
  inbox: [['path', { d: 'M3 13h5l1.5 3h5L16 13h5' }], ['path', { d: 'M5 5h14l2 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-6z' }]],
  file: [['path', { d: 'M14 3H6a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8z' }], ['path', { d: 'M14 3v5h5M8 13h8M8 17h6' }]],
  arrowUp: [['path', { d: 'M12 19V5M6 11l6-6 6 6' }]],
  arrowDown: [['path', { d: 'M12 5v14M6 13l6 6 6-6' }]],
  play: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M10 8.5v7l6-3.5z' }]],
  link: [['path', { d: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1' }], ['path', { d: 'M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1' }]],
  page: [['rect', { x: 4, y: 3, width: 16, height: 18, rx: 2 }], ['path', { d: 'M8 8h8M8 12h8M8 16h5' }]],
};

/** An <svg> for icon `name`, hidden from assistive technology. */
export function icon(name, className = 'icon') {
  const shapes = SHAPES[name] || [];
  return s('svg', {
    class: className, viewBox: '0 0 24 24', width: 24, height: 24, fill: 'none', stroke: 'currentColor',
    'stroke-width': 1.8, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false',
  }, shapes.map(([tag, attrs]) => s(tag, attrs)));
}
