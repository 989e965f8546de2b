export { XdrError } from './errors';
export { XdrReader } from './reader';
export { XdrWriter } from './writer';
