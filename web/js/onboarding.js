// CSV onboarding (#/orgs/{id}/onboarding): an administrator uploads the e-HRMS export of an organisation's
// officials. The server takes every row or none: on success the counts (drawn as a bar and listed), on a
// rejected file the report of every problem (row, column, message) as a table and as a CSV download.

import { h, s, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api, upload } from './api.js';
import {
  formatNumber, breadcrumb, orgTrail, pageHeader, alertBox, setAlert, screenMemory, loadedPage,
} from './ui.js';

export const CSV_COLUMNS = ['employee_code', 'name', 'name_hi', 'email', 'mobile', 'designation', 'group', 'service',
  'pay_level', 'date_of_joining', 'language', 'org_code'];
const REQUIRED = new Set(['employee_code', 'name', 'email']);
const REPORT_PAGE = 100;
const OUTCOMES = ['created', 'updated', 'transferred', 'unchanged'];

const remember = screenMemory(() => ({ org: null, result: null, report: null, shown: REPORT_PAGE }));

let templateUrl = null;

/** A link to a CSV holding just the header row, made here so it always matches the columns above. */
function templateLink() {
  if (templateUrl) URL.revokeObjectURL(templateUrl);
  templateUrl = URL.createObjectURL(new Blob([`${CSV_COLUMNS.join(',')}\r\n`], { type: 'text/csv' }));
  return h('a', { class: 'button button--secondary', href: templateUrl, download: 'officials-template.csv' },
    icon('download'), h('span', null, t('onboard.template')));
}

function formatBytes(n) {
  if (n < 1024) return t('onboard.bytes', { n: formatNumber(n) });
  if (n < 1024 * 1024) return t('onboard.kib', { n: formatNumber(Math.round(n / 1024)) });
  return t('onboard.mib', { n: formatNumber(Math.round((n / (1024 * 1024)) * 10) / 10) });
}

function columnsHelp() {
  return h('section', { class: 'panel', 'aria-labelledby': 'onboard-format' },
    h('h2', { id: 'onboard-format' }, t('onboard.format.title')),
    h('p', null, t('onboard.format.lead')),
    h('ul', { class: 'columns' }, CSV_COLUMNS.map((c) => h('li', { class: 'columns__item' },
      h('code', null, c),
      h('span', { class: 'columns__text' }, t(`onboard.col.${c}`)),
      REQUIRED.has(c) ? h('span', { class: 'tag tag--warn' }, t('onboard.required')) : null))),
    h('ul', { class: 'checklist checklist--small' },
      [1, 2, 3].map((n) => h('li', null, icon('check', 'icon checklist__icon'), h('span', null, t(`onboard.rule${n}`))))),
    h('p', null, templateLink()));
}

// ---- Outcome: the counts

function countsChart(result) {
  const total = Math.max(1, OUTCOMES.reduce((sum, k) => sum + (result[k] || 0), 0));
  let x = 0;
  const bars = OUTCOMES.filter((k) => result[k]).map((k) => {
    const w = (result[k] / total) * 100;
    const rect = s('rect', { x: `${x}%`, y: 0, width: `${w}%`, height: 28, class: `bar bar--${k}` });
    x += w;
    return rect;
  });
  return s('svg', { class: 'stacked', width: '100%', height: 28, role: 'img',
    'aria-label': OUTCOMES.map((k) => `${t(`onboard.count.${k}`)}: ${formatNumber(result[k] || 0)}`).join(', ') },
  s('rect', { x: 0, y: 0, width: '100%', height: 28, class: 'bar bar--empty' }), bars);
}

function successView(result) {
  return h('section', { class: 'outcome outcome--ok', 'aria-labelledby': 'onboard-done', tabindex: '-1', id: 'onboard-result' },
    h('h2', { id: 'onboard-done' }, icon('check', 'icon outcome__icon'), h('span', null, t('onboard.done.title'))),
    h('p', null, t('onboard.done.text', { rows: formatNumber(result.rows) })),
    countsChart(result),
    h('dl', { class: 'counts' }, OUTCOMES.map((k) => h('div', { class: `counts__item counts__item--${k}` },
      h('dt', null, h('span', { class: `swatch swatch--${k}`, 'aria-hidden': 'true' }), t(`onboard.count.${k}`)),
      h('dd', { 'data-count': k }, formatNumber(result[k] || 0))))));
}

// ---- Outcome: the report of a rejected file

function reportView(st) {
  const { report, run_id: runId } = st.report;
  const errors = report.errors || [];
  const total = Math.max(report.errors_total || 0, errors.length);
  const rowsWithErrors = new Set(errors.map((e) => e.row)).size;
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'button button--secondary' });
  const shownNote = h('p', { class: 'list-status', role: 'status' });
  const fill = () => {
    const from = body.children.length;
    const rows = errors.slice(from, st.shown).map((e) => h('tr', null,
      h('td', { class: 'num' }, e.row === 0 ? t('onboard.report.header') : formatNumber(e.row)),
      h('td', null, e.column ? h('code', null, e.column) : ''),
      h('td', null, e.message)));
    body.append(...rows);
    shownNote.textContent = t('onboard.report.shown', { shown: formatNumber(body.children.length), total: formatNumber(errors.length) });
    more.hidden = body.children.length >= errors.length;
    more.textContent = t('onboard.report.more', { n: formatNumber(Math.min(REPORT_PAGE, errors.length - body.children.length)) });
    return rows;
  };
  more.addEventListener('click', () => {
    st.shown += REPORT_PAGE;
    const rows = fill();
    if (rows.length) {
      rows[0].setAttribute('tabindex', '-1');
      rows[0].focus();
    }
  });
  fill();
  return h('section', { class: 'outcome outcome--bad', 'aria-labelledby': 'onboard-rejected', tabindex: '-1', id: 'onboard-result' },
    h('h2', { id: 'onboard-rejected' }, icon('alert', 'icon outcome__icon'), h('span', null, t('onboard.rejected.title'))),
    h('p', null, total > errors.length
      ? t('onboard.rejected.capped', { errors: formatNumber(total), shown: formatNumber(errors.length), total: formatNumber(report.rows || 0) })
      : t('onboard.rejected.text', { errors: formatNumber(errors.length), rows: formatNumber(rowsWithErrors),
        total: formatNumber(report.rows || 0) })),
    runId ? h('p', null, h('a', { class: 'button button--secondary', href: `/api/v1/onboarding/${encodeURIComponent(runId)}/report.csv`,
      download: `onboarding-report-${runId}.csv` }, icon('download'), h('span', null, t('onboard.report.download')))) : null,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'table table--report' },
        h('caption', null, t('onboard.report.caption')),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col', class: 'num' }, t('onboard.report.row')),
          h('th', { scope: 'col' }, t('onboard.report.column')),
          h('th', { scope: 'col' }, t('onboard.report.message')))),
        body)),
    shownNote,
    h('div', { class: 'paged__more' }, more));
}

// ---- The upload form

function uploadForm(st, outcome) {
  const alert = alertBox(null, { tabindex: '-1' });
  // The browser's own file button speaks the browser's language; this one is a label in ours, and the
  // input stays in the page (visually hidden) so the keyboard and assistive technology still reach it.
  const input = h('input', { id: 'onboard-file', type: 'file', class: 'file__input', accept: '.csv,text/csv',
    'aria-describedby': 'onboard-file-hint onboard-file-chosen', 'data-focus-key': 'onboard-file' });
  const chosen = h('span', { class: 'file__name', id: 'onboard-file-chosen' }, t('onboard.nochosen'));
  const progress = h('progress', { class: 'progress', max: 100, 'aria-labelledby': 'onboard-progress-text' });
  const progressText = h('span', { id: 'onboard-progress-text' });
  const progressBox = h('div', { class: 'progress-box', hidden: true }, progress, progressText);
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, icon('upload'), h('span', null, t('onboard.submit')));

  input.addEventListener('change', () => {
    const file = input.files[0];
    chosen.textContent = file ? t('onboard.chosen', { name: file.name, size: formatBytes(file.size) }) : t('onboard.nochosen');
  });

  const setProgress = (sent, total) => {
    if (total && sent < total) {
      const pct = Math.floor((sent / total) * 100);
      progress.value = pct;
      progressText.textContent = t('onboard.sending', { pct: formatNumber(pct) });
    } else {
      progress.removeAttribute('value'); // indeterminate: the server is checking the rows
      progressText.textContent = t('onboard.checking');
      live.textContent = t('onboard.checking');
    }
  };

  const form = h('form', { class: 'form upload', novalidate: true, 'aria-labelledby': 'onboard-upload' },
    h('div', { class: 'field', 'data-field': 'file' },
      h('span', { class: 'field__label', id: 'onboard-file-label' }, t('onboard.file')),
      h('div', { class: 'file' }, input,
        h('label', { class: 'button button--secondary button--small file__button', for: 'onboard-file' },
          icon('file', 'icon icon--small'), h('span', null, t('onboard.choose')),
          h('span', { class: 'visually-hidden' }, ` ${t('onboard.file')}`)),
        chosen),
      h('p', { class: 'field__hint', id: 'onboard-file-hint' }, t('onboard.file.hint'))),
    h('div', { class: 'form__actions' }, submit),
    progressBox, live);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    const file = input.files[0];
    if (!file) {
      setAlert(alert, t('onboard.nofile'));
      input.focus();
      return;
    }
    st.result = null;
    st.report = null;
    outcome.replaceChildren();
    submit.disabled = true;
    input.disabled = true;
    progressBox.hidden = false;
    progress.value = 0;
    progressText.textContent = t('onboard.sending', { pct: formatNumber(0) });
    live.textContent = t('onboard.started', { name: file.name });
    try {
      // The file goes as its bytes, so the server sees exactly what the e-HRMS exported (and can name
      // a row with invalid UTF-8 instead of receiving replacement characters).
      st.result = await upload('POST', `/orgs/${st.org.id}/onboarding`, file, 'text/csv', setProgress);
      replace(outcome, successView(st.result));
    } catch (error) {
      if (error.code === 'onboarding_rejected' && error.problem.report) {
        st.report = error.problem;
        st.shown = REPORT_PAGE;
        replace(outcome, reportView(st));
      } else {
        setAlert(alert, error.code === 'payload_too_large' ? t('onboard.too_large') : error);
        alert.focus();
        return;
      }
    } finally {
      submit.disabled = false;
      input.disabled = false;
      progressBox.hidden = true;
      live.textContent = '';
    }
    outcome.querySelector('#onboard-result')?.focus();
  });

  return h('section', { class: 'panel panel--wide', 'aria-labelledby': 'onboard-upload' },
    h('h2', { id: 'onboard-upload' }, t('onboard.upload.title')),
    h('p', { class: 'muted' }, t('onboard.upload.lead', { org: localName(st.org) })),
    alert, form);
}

function draw(st) {
  const org = st.org;
  const outcome = h('div', { class: 'outcome-holder' });
  if (st.result) outcome.append(successView(st.result));
  else if (st.report) outcome.append(reportView(st));
  return [
    breadcrumb([...orgTrail(org), { label: t('onboard.title') }]),
    pageHeader('upload', t('onboard.heading', { org: localName(org) }), h('p', { class: 'lead' }, t('onboard.lead'))),
    h('div', { class: 'split' },
      h('div', { class: 'split__main' }, uploadForm(st, outcome), outcome),
      h('div', { class: 'split__side' }, columnsHelp())),
  ];
}

/** The onboarding page of ctx.orgId. */
export function renderOnboarding(ctx) {
  const st = remember(`${ctx.visit}:${ctx.orgId}`);
  return loadedPage({
    state: st, title: t('onboard.title'),
    load: async () => { st.org = await api('GET', `/orgs/${ctx.orgId}`); },
    draw: () => draw(st),
  });
}
