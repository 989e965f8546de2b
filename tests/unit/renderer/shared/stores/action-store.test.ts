import { describe, expect, it } from 'vitest';
import { createActionStore } from '../../../../../renderer/shared/stores/action-store';

/** A promise settled by the test. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('action store', () => {
  it('two commands at once: each keeps its own busy mark and its own error', async () => {
    const store = createActionStore();
    const importing = deferred<string>();
    const deleting = deferred<string>();
    const imported = store.getState().run('import', () => importing.promise);
    const deleted = store.getState().run('delete:a', () => deleting.promise);
    expect([...store.getState().busy]).toEqual(['import', 'delete:a']);
    deleting.reject(new Error('Image a is in use'));
    expect(await deleted).toBeNull();
    expect([...store.getState().busy]).toEqual(['import']);
    expect(store.getState().errors.get('delete:a')).toBe('Image a is in use');
    importing.reject(new Error('Disk full'));
    expect(await imported).toBeNull();
    expect(store.getState().busy.size).toBe(0);
    expect(Object.fromEntries(store.getState().errors)).toEqual({ 'delete:a': 'Image a is in use', import: 'Disk full' });
  });

  it('starting a command clears only its own error; clearError forgets one key', async () => {
    const store = createActionStore();
    await store.getState().run('import', () => Promise.reject(new Error('Disk full')));
    await store.getState().run('delete:a', () => Promise.reject(new Error('In use')));
    expect(await store.getState().run('delete:a', () => Promise.resolve('ok'))).toBe('ok');
    expect(Object.fromEntries(store.getState().errors)).toEqual({ import: 'Disk full' });
    store.getState().clearError('import');
    expect(store.getState().errors.size).toBe(0);
  });
});
