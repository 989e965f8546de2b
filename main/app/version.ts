import packageJson from '../../package.json' with { type: 'json' };

/** The product name shown to users. */
export const APP_NAME = 'Virt Deck';

/** The app's version, from package.json (inlined by the bundler, so dist/ needs no package.json next to it). */
export const APP_VERSION: string = packageJson.version;
