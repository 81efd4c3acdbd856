// /docs: renders /openapi.json with Scalar's API reference (its bundle from our origin), or says
// plainly that this server has no OpenAPI document yet. An external file: the page's CSP allows no
// inline script. (The element is not `#api-reference`: Scalar would mount itself there.)
(async () => {
  const root = document.getElementById('api-docs');
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
  // Scalar's bundle only once there is a document to show: loaded, it starts fetching on its own.
  const scalar =
    content &&
    (await new Promise((resolve) => {
      const script = document.createElement('script');
      script.src = root.dataset.viewer;
      script.onload = () => resolve(window.Scalar);
      script.onerror = () => resolve(null);
      document.head.append(script);
    }));
  if (!content || !scalar) {
    unavailable.querySelector('[data-status]').textContent = content ? `${status}; the reference viewer did not load` : status;
    unavailable.hidden = false;
    root.remove();
    return;
  }
  root.textContent = '';
  root.removeAttribute('aria-busy');
  scalar.createApiReference(root, {
    // The assistant is per source (and on by default on localhost): off, it asks nothing of Scalar's services.
    sources: [{ content, agent: { disabled: true } }],
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
