// @custom-elements-manifest/analyzer's settings for the widget, with what its Lit support leaves out:
// reactive state (`state: true`) is no API, only documented events are, and a class defined
// elsewhere (widget/register.ts) still gets its tag name.
import { readFileSync } from 'node:fs';

const statesOf = (path) => new Set([...readFileSync(path, 'utf8').matchAll(/^\s+(\w+): \{ state: true \}/gm)].map((match) => match[1]));

function widgetApiOnly() {
  return {
    name: 'pay-checkout-widget-api',
    packageLinkPhase({ customElementsManifest }) {
      const tags = new Map();
      for (const module of customElementsManifest.modules)
        for (const exported of module.exports ?? []) if (exported.kind === 'custom-element-definition') tags.set(exported.declaration.name, exported.name);
      for (const module of customElementsManifest.modules) {
        const states = statesOf(new URL(`../../${module.path}`, import.meta.url));
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          declaration.tagName ??= tags.get(declaration.name);
          declaration.attributes = declaration.attributes?.filter((attribute) => !states.has(attribute.fieldName ?? attribute.name));
          declaration.members = declaration.members?.filter(
            (member) => !states.has(member.name) && member.privacy !== 'private' && member.privacy !== 'protected' && !member.name.startsWith('#'),
          );
          for (const member of declaration.members ?? []) if (member.attribute && states.has(member.name)) delete member.attribute;
          // The analyzer also lists every `dispatchEvent(new X(…))` by its first argument; the `@event` tags are the API.
          declaration.events = declaration.events
            ?.filter((event) => event.description)
            .map((event) => ({ ...event, type: { text: /^(\w+Event)\b/.exec(event.description)?.[1] ?? 'Event' } }));
        }
      }
    },
  };
}

export default {
  globs: ['widget/**/*.ts'],
  exclude: ['widget/**/*.styles.ts', 'widget/generated/**', 'widget/locales/**'],
  litelement: true,
  plugins: [widgetApiOnly()],
};
