// A content item's thumbnail: the picture in the editor's details (chosen, uploaded at once through
// POST /api/v1/files?kind=image with a progress bar, previewed, removed; kept when the details are saved as
// thumbnail_file_id) and the picture itself where the item is shown (course page, catalogue card).

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { upload } from './api.js';
import { formatNumber, alertBox, setAlert } from './ui.js';
import { formatBytes } from './catalogoutline.js';

const ACCEPT = 'image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp';

/** The address of an item's thumbnail (a CONTENT's `thumbnail` or a card's `thumbnail_file_id`), or null. */
export function thumbnailUrl(item) {
  if (!item) return null;
  if (item.thumbnail && item.thumbnail.id) return item.thumbnail.url || `/api/v1/files/${item.thumbnail.id}`;
  if (item.thumbnail_file_id) return `/api/v1/files/${item.thumbnail_file_id}`;
  return null;
}

/** The thumbnail as an image (decorative: the title beside it names the item), or null without one. */
export function thumbnailImage(item, cls = 'thumb') {
  const src = thumbnailUrl(item);
  return src ? h('img', { class: cls, src, alt: '', loading: 'lazy', decoding: 'async' }) : null;
}

/**
 * The thumbnail control of the details form: `model.thumbnail` is the FILE ({id, mime, size, url}) or null.
 * `disabled` shows it without a way to change it (a version in review).
 */
export function thumbnailField({ model, disabled }) {
  const id = 'meta-thumbnail';
  const alert = alertBox(null);
  const progress = h('progress', { class: 'progress', max: 100, 'aria-labelledby': `${id}-progress` });
  const progressText = h('span', { id: `${id}-progress` });
  const progressBox = h('div', { class: 'progress-box', hidden: true, role: 'status' }, progress, progressText);
  const preview = h('div', { class: 'thumbfield__preview' });
  const input = h('input', { id, type: 'file', class: 'file__input', accept: ACCEPT, 'data-focus-key': id, disabled: Boolean(disabled),
    'aria-describedby': `${id}-current ${id}-hint ${id}-error` });
  const remove = h('button', { type: 'button', class: 'button button--danger button--small', 'data-focus-key': `${id}-remove`,
    disabled: Boolean(disabled) }, icon('x', 'icon icon--small'), h('span', null, t('cat.au.thumb.remove')));
  const current = h('p', { class: 'file__name', id: `${id}-current` });
  const show = () => {
    const f = model.thumbnail;
    remove.hidden = !f;
    if (!f) {
      replace(preview, h('span', { class: 'thumbfield__empty' }, icon('page')));
      current.textContent = t('cat.au.thumb.none');
      return;
    }
    replace(preview, h('img', { class: 'thumbfield__img', src: f.url || `/api/v1/files/${f.id}`, alt: t('cat.au.thumb.preview') }));
    current.textContent = model.thumbnailName
      ? t('cat.file.stored', { name: model.thumbnailName, size: formatBytes(f.size || 0) })
      : t('cat.au.thumb.current', { size: formatBytes(f.size || 0) });
  };
  remove.addEventListener('click', () => {
    model.thumbnail = null;
    model.thumbnailName = null;
    show();
    input.focus();
  });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    setAlert(alert, null);
    const form = new FormData();
    form.append('file', file, file.name);
    progressBox.hidden = false;
    progress.value = 0;
    progressText.textContent = t('cat.file.sending', { name: file.name, pct: formatNumber(0) });
    input.disabled = true;
    try {
      model.thumbnail = await upload('POST', '/files?kind=image', form, null, (sent, total) => {
        const pct = total && sent < total ? Math.floor((sent / total) * 100) : 100;
        progress.value = pct;
        progressText.textContent = pct < 100 ? t('cat.file.sending', { name: file.name, pct: formatNumber(pct) })
          : t('cat.file.checking', { name: file.name });
      });
      model.thumbnailName = file.name;
      show();
    } catch (error) {
      setAlert(alert, error.code === 'payload_too_large' ? t('cat.au.thumb.too_large') : error);
    } finally {
      input.disabled = Boolean(disabled);
      input.value = '';
      progressBox.hidden = true;
    }
  });
  show();
  return h('div', { class: 'field thumbfield', 'data-field': 'thumbnail_file_id' },
    h('span', { class: 'field__label' }, t('cat.au.thumb.label')),
    h('div', { class: 'thumbfield__row' }, preview,
      h('div', { class: 'thumbfield__side' },
        h('div', { class: 'file' }, input,
          h('label', { class: 'button button--secondary button--small file__button', for: id },
            icon('upload', 'icon icon--small'), h('span', null, t('cat.au.thumb.choose'))),
          remove),
        current,
        h('p', { class: 'field__hint', id: `${id}-hint` }, t('cat.au.thumb.hint')),
        progressBox, alert,
        h('p', { class: 'field__error', id: `${id}-error` }))));
}
