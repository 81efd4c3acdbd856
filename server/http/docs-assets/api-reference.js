// /docs: renders /openapi.json with Scalar's API reference (loaded just before, from our origin),
// or says plainly that this server has no OpenAPI document yet. An external file: the page's CSP
// allows no inline script.
(async () => {
  const root = document.getElementById('api-reference');
  const unavailable = document.getElementById('api-unavailable');
  const url = root.dataset.specUrl;
  let status = 'no answer';
  let content = null;
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    status = `${response.status}`;
    if (response.ok) {
      const text = await response.text();
      const parsed = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && (parsed.openapi || parsed.swagger)) content = text;
      else status = `${response.status}, but not an OpenAPI document`;
    }
  } catch (error) {
    status = status === 'no answer' ? 'no answer' : `${status}, but not JSON`;
  }
  if (!content || !window.Scalar) {
    unavailable.querySelector('[data-status]').textContent = window.Scalar ? status : `${status}; the reference viewer did not load`;
    unavailable.hidden = false;
    root.remove();
    return;
  }
  root.textContent = '';
  root.removeAttribute('aria-busy');
  window.Scalar.createApiReference(root, {
    content,
    // Everything from our origin: no web fonts, no telemetry, no hosted proxy or AI features.
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    showDeveloperTools: 'never',
    hideClientButton: false,
    documentDownloadType: 'json',
    defaultOpenFirstTag: true,
    metaData: { title: 'pay-checkout API reference' },
  });
})();
