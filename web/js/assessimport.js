// Importing questions into a bank (part of #/question-banks/{id}): a CSV or JSON file (the shape the bank's
// export gives) or QTI 2.1 items (XML), checked first if the person likes (?dry_run=true) and imported all or nothing. A rejected
// file shows the server's report: each problem with its row, column and what is wrong.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { upload } from './api.js';
import { formatNumber, alertBox, setAlert, busy } from './ui.js';

const MAX_ROWS_SHOWN = 200;

// What a file did (or, checked only, would do): new questions, updated ones, ones left as they were.
function countsOf(answer) {
  const a = answer && typeof answer === 'object' ? answer : {};
  const n = (k) => formatNumber(typeof a[k] === 'number' ? a[k] : 0);
  return { created: n('created'), updated: n('updated'), unchanged: n('unchanged'), rows: n('rows') };
}

function typeOf(file) {
  if (/\.json$/i.test(file.name) || file.type === 'application/json') return 'application/json';
  if (/\.(xml|qti)$/i.test(file.name) || /xml/.test(file.type)) return 'application/xml';
  return 'text/csv';
}

/** The problems of a rejected file: [{row, column, message}], from the report or the field errors. */
function problemsOf(error) {
  const report = error.problem && error.problem.report;
  if (report && Array.isArray(report.errors)) return { list: report.errors, total: report.errors_total || report.errors.length, rows: report.rows };
  const list = (error.errors || []).map((e) => {
    const m = /^(?:rows?|questions)\[(\d+)\]\.?(.*)$/.exec(e.field || '');
    return m ? { row: Number(m[1]) + 1, column: m[2] || null, message: e.message } : { row: null, column: e.field || null, message: e.message };
  });
  return { list, total: list.length, rows: null };
}

function reportView(error) {
  const { list, total, rows } = problemsOf(error);
  const shown = list.slice(0, MAX_ROWS_SHOWN);
  const rowsWithErrors = new Set(list.map((e) => e.row)).size;
  return h('section', { class: 'outcome outcome--bad', id: 'imp-result', tabindex: '-1', 'aria-labelledby': 'imp-rejected' },
    h('h3', { id: 'imp-rejected' }, icon('alert', 'icon outcome__icon'), h('span', null, t('assess.import.rejected'))),
    h('p', null, rows ? t('assess.import.rejected.rows', { errors: formatNumber(total), rows: formatNumber(rowsWithErrors), total: formatNumber(rows) })
      : t('assess.import.rejected.text', { errors: formatNumber(total) })),
    list.length ? h('div', { class: 'table-wrap' },
      h('table', { class: 'table table--report' },
        h('caption', null, t('assess.import.report')),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col', class: 'num' }, t('assess.import.row')),
          h('th', { scope: 'col' }, t('assess.import.column')),
          h('th', { scope: 'col' }, t('assess.import.message')))),
        h('tbody', null, shown.map((e) => h('tr', null,
          h('td', { class: 'num' }, e.row === 0 ? t('assess.import.file') : (e.row === null || e.row === undefined ? '' : formatNumber(e.row))),
          h('td', null, e.column ? h('code', null, e.column) : ''),
          h('td', null, e.message)))))) : h('p', null, error.localized()),
    list.length > shown.length ? h('p', { class: 'muted' }, t('assess.import.more', { n: formatNumber(list.length - shown.length) })) : null);
}

function checkedView(n) {
  return h('div', { class: 'outcome', id: 'imp-result', tabindex: '-1', role: 'status' },
    h('p', null, icon('check', 'icon outcome__icon'), h('span', null, t('assess.import.checked', n))));
}

/**
 * The import panel of `bank`; onImported(flashText) runs after a file went in. Its element has an id for
 * disclosure(). The last check or report is kept in st.impResult, so a re-render (a language switch) keeps it.
 */
export function importPanel({ st, bank, onImported }) {
  const alert = alertBox(null);
  const result = h('div', { 'aria-live': 'polite' });
  const show = (r) => {
    st.impResult = r;
    if (!r) result.replaceChildren();
    else replace(result, r.error ? reportView(r.error) : checkedView(r.counts));
  };
  if (st.impResult) show(st.impResult);
  const input = h('input', { id: 'imp-file', type: 'file', class: 'file__input', accept: '.csv,.json,.xml,text/csv,application/json,application/xml,text/xml',
    'aria-describedby': 'imp-file-hint imp-file-chosen', 'data-focus-key': 'imp-file' });
  const chosen = h('span', { class: 'file__name', id: 'imp-file-chosen' }, t('assess.import.nochosen'));
  const progress = h('progress', { class: 'progress', max: 100, 'aria-label': t('assess.import.progress') });
  const progressBox = h('div', { class: 'progress-box', hidden: true }, progress);
  input.addEventListener('change', () => {
    const f = input.files[0];
    chosen.textContent = f ? f.name : t('assess.import.nochosen');
    show(null);
  });
  const check = h('button', { type: 'button', class: 'button button--secondary' }, icon('check'), h('span', null, t('assess.import.check')));
  const go = h('button', { type: 'submit', class: 'button button--primary' }, icon('upload'), h('span', null, t('assess.import.submit')));

  const send = async (button, dryRun) => {
    setAlert(alert, null);
    show(null);
    const file = input.files[0];
    if (!file) {
      setAlert(alert, t('assess.import.pick'));
      input.focus();
      return;
    }
    progressBox.hidden = false;
    progress.value = 0;
    try {
      const answer = await busy(button, t('assess.import.busy'), () => upload('POST',
        `/question-banks/${bank.id}/import${dryRun ? '?dry_run=true' : ''}`, file, typeOf(file),
        (sent, total) => { progress.value = total ? Math.round((sent / total) * 100) : 0; }));
      const n = countsOf(answer);
      if (dryRun) {
        show({ counts: n });
        result.querySelector('#imp-result').focus();
      } else {
        onImported(t('assess.import.done', { ...n, file: file.name }));
      }
    } catch (error) {
      if (error.status === 422 || error.code === 'import_rejected') {
        show({ error });
        result.querySelector('#imp-result').focus();
      } else {
        setAlert(alert, error);
      }
    } finally {
      progressBox.hidden = true;
    }
  };
  check.addEventListener('click', () => send(check, true));
  const form = h('form', { class: 'form', novalidate: true },
    h('div', { class: 'field' },
      h('span', { class: 'field__label', id: 'imp-file-label' }, t('assess.import.file_label')),
      h('div', { class: 'file' },
        h('label', { class: 'button button--secondary', for: 'imp-file' }, icon('file'), h('span', null, t('assess.import.choose'))),
        input, chosen),
      h('p', { class: 'field__hint', id: 'imp-file-hint' }, t('assess.import.hint'))),
    progressBox,
    h('div', { class: 'form__actions' }, check, go));
  form.addEventListener('submit', (e) => { e.preventDefault(); send(go, false); });
  return h('section', { class: 'panel panel--form panel--wide', id: 'imp-panel', 'aria-labelledby': 'imp-heading' },
    h('h2', { id: 'imp-heading' }, t('assess.import.title')),
    h('p', { class: 'muted' }, t('assess.import.lead')),
    alert, form, result);
}
