/**
 * Custom Elements Manifest for the public surface, read from the class doc comments.
 * The analyzer does not understand Lit's `state: true` in `static properties`, nor that
 * `dispatchEvent(new XEvent())` names its event in the class: the plugin below keeps only what is public.
 */
function publicSurfaceOnly() {
  return {
    name: 'threadline-public-surface',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          const privateNames = new Set(
            (declaration.members ?? []).filter((m) => m.privacy === 'private').map((m) => m.name),
          );
          declaration.attributes = (declaration.attributes ?? []).filter((a) => !privateNames.has(a.fieldName ?? a.name));
          declaration.events = (declaration.events ?? []).filter((e) => e.name?.startsWith('threadline-'));
        }
      }
    },
  };
}

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/**/templates/**', 'src/**/config.ts'],
  outdir: '.',
  litelement: true,
  plugins: [publicSurfaceOnly()],
};
