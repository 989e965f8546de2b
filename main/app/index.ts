export { createApp } from './create-app';
export type { AppService, CreateAppOptions, VirtDeckApp } from './create-app';
export { APP_NAME, APP_VERSION } from './version';
