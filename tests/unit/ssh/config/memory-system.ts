import type { SshConfigSystem } from '../../../../main/ssh/config/reader';

/** An in-memory machine for the ssh_config resolver: files by absolute path, folders implied. */
export function memorySystem(files: Record<string, string>, overrides: Partial<SshConfigSystem> & { readonly unsafe?: readonly string[] } = {}): SshConfigSystem {
  const dirs = new Set<string>(['/']);
  for (const path of Object.keys(files)) {
    const parts = path.split('/');
    for (let i = 2; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return {
    homeDir: '/home/me',
    localUser: 'me',
    uid: 1000,
    localHostName: 'desk.example',
    env: (name) => ({ HOME: '/home/me', LAB: 'lab-env' })[name],
    userHome: (name) => ({ root: '/root', alice: '/home/alice' })[name] ?? null,
    servicePort: (name) => ({ ssh: 22, https: 443 })[name] ?? null,
    readFile: (path) => (dirs.has(path) ? '' : (files[path] ?? null)),
    safelyOwned: (path) => !(overrides.unsafe ?? []).includes(path),
    readDir: (path) => {
      if (!dirs.has(path)) return null;
      const prefix = path === '/' ? '/' : `${path}/`;
      const names = new Set<string>();
      for (const p of [...Object.keys(files), ...dirs]) if (p.startsWith(prefix) && p.length > prefix.length) names.add(p.slice(prefix.length).split('/')[0]!);
      return [...names];
    },
    exists: (path) => dirs.has(path) || Object.hasOwn(files, path),
    isDirectory: (path) => dirs.has(path),
    ...overrides,
  };
}
